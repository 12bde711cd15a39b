import { expect } from 'vitest';
import { parse } from 'yaml';
import type { LocalService } from '../../src/service/service-model.js';
import { crontabFireTimes, eventBridgeFireTimes } from './fire-times.js';

const STARTS = [new Date('2025-01-29T00:00:00Z'), new Date('2028-02-27T12:00:00Z')];

/** One schedule expression and the task it runs, in the order cron.yaml lists them. */
type CronSource = { task: string; expression: string };

/**
 * The enabled schedules of a service that carry `input.task`, grouped by task in order of first appearance:
 * the order docs/eb-worker-settings.md gives cron.yaml entries. Written from the printed input, not from the
 * code under test, so it can disagree with it.
 */
function cronSources(service: LocalService): CronSource[] {
  const byTask = new Map<string, string[]>();
  for (const schedule of service.functions.flatMap((fn) => fn.schedules)) {
    if (!schedule.enabled || schedule.input === undefined) continue;
    const { task } = JSON.parse(schedule.input) as { task?: string };
    if (task === undefined) continue;
    byTask.set(task, [...(byTask.get(task) ?? []), schedule.expression]);
  }
  return [...byTask].flatMap(([task, expressions]) =>
    expressions.map((expression) => ({ task, expression })),
  );
}

/**
 * Checks a generated cron.yaml the way sqsd 2.0's parser does (version 1, unique names), then checks that each
 * entry fires exactly when the serverless.yml expression it came from fires. Shared with the real-serverless.yml
 * test.
 */
function expectCronYamlMatches(text: string, sources: readonly CronSource[]): void {
  const document: unknown = parse(text);
  expect(document).toMatchObject({ version: 1 });
  const { cron } = document as { cron: unknown[] };
  expect(cron).toHaveLength(sources.length);
  const names = cron.map((entry) => (entry as { name: unknown }).name);
  expect(new Set(names).size).toBe(names.length);
  cron.forEach((entry, index) => {
    const source = sources[index];
    expect(entry).toEqual({
      name: expect.any(String),
      url: `/${source?.task}`,
      schedule: expect.any(String),
    });
    const { schedule } = entry as { schedule: string };
    for (const start of STARTS) {
      expect(crontabFireTimes(schedule, 50, start)).toEqual(
        eventBridgeFireTimes([source?.expression ?? ''], 50, start),
      );
    }
  });
}

export type { CronSource };
export { cronSources, expectCronYamlMatches };
