import { expect } from 'vitest';
import { parse } from 'yaml';
import type { ScheduledTask } from '../../scripts/eb/read-service.js';
import { crontabFireTimes, eventBridgeFireTimes } from './fire-times.js';

const STARTS = [new Date('2025-01-29T00:00:00Z'), new Date('2028-02-27T12:00:00Z')];

/**
 * Checks a generated cron.yaml the way sqsd 2.0's parser does (docs/sqsd-behaviour.md#cron-file), then checks
 * that each entry fires exactly when the serverless.yml expression it came from fires. Shared with the
 * real-serverless.yml test.
 */
function expectCronYamlMatches(text: string, schedules: readonly ScheduledTask[]): void {
  const document: unknown = parse(text);
  expect(document).toMatchObject({ version: 1 });
  const { cron } = document as { cron: unknown[] };
  const sources = schedules.flatMap(({ task, expressions }) =>
    expressions.map((expression) => ({ task, expression })),
  );
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

export { expectCronYamlMatches };
