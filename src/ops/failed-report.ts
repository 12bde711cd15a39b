/** Pure text for `worker:failed`: one block per DLQ message, then a count by kind. */
import type { DeadLetterKind, FailedMessage } from './failed-message.js';

const KIND_LABEL: Record<DeadLetterKind, string> = {
  worker: 'worker message',
  redriven: 'worker message (moved by SQS redrive)',
  'scheduled-run': 'scheduled run (Lambda on-failure record)',
  scheduler: 'schedule tick Scheduler could not deliver',
  unknown: 'unrecognised message',
};

const PREVIEW_CHARS = 120;

/** `3d 4h`, `2h 5m`, `40s`: coarse enough to read at a glance. */
function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size || (parts.length === 0 && size === 1)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** One line, control characters escaped, cut at PREVIEW_CHARS. */
function preview(body: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  const flat = body.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}… (${body.length} chars)` : flat;
}

function formatFailed(message: FailedMessage, now: Date): string[] {
  const head = [`${message.originalId}`, `[${KIND_LABEL[message.kind]}]`];
  if (message.originalId !== message.dlqMessageId) head.push(`(DLQ id ${message.dlqMessageId})`);
  const lines = [head.join('  ')];
  const what = [
    message.task === undefined ? undefined : `task ${message.task}`,
    message.route === undefined || message.route === message.task ? undefined : `route ${message.route}`,
    message.scheduledTime === undefined ? undefined : `scheduled for ${message.scheduledTime}`,
  ].filter(Boolean);
  if (what.length > 0) lines.push(`  ${what.join('  ')}`);
  if (message.errorName !== undefined || message.errorMessage !== undefined) {
    lines.push(`  error     ${[message.errorName, message.errorMessage].filter(Boolean).join(': ')}`);
  }
  const facts = [
    message.attempts === undefined
      ? undefined
      : `${message.kind === 'worker' || message.kind === 'redriven' ? 'receives' : 'attempts'} ${message.attempts}`,
    message.sourceQueue === undefined ? undefined : `source ${message.sourceQueue}`,
    message.origin === undefined ? undefined : `from ${message.origin}`,
    message.sentAt === undefined ? undefined : `age ${formatAge(now.getTime() - message.sentAt.getTime())}`,
  ].filter(Boolean);
  if (facts.length > 0) lines.push(`  ${facts.join('  ')}`);
  lines.push(`  body      ${preview(message.body)}`);
  lines.push(
    `  retry     ${message.retry.kind === 'send' ? `back to ${message.retry.queue}` : message.retry.kind === 'invoke' ? `run again (${message.retry.function ?? 'the scheduled function'})` : `not possible: ${message.retry.reason}`}`,
  );
  return lines;
}

/** The whole report; `more` is true when `--max` cut the listing short. */
function formatFailedReport(messages: readonly FailedMessage[], now: Date, more: boolean): string[] {
  if (messages.length === 0) return ['The DLQ is empty.'];
  const lines = messages.flatMap((message) => [...formatFailed(message, now), '']);
  const counts = new Map<DeadLetterKind, number>();
  for (const message of messages) counts.set(message.kind, (counts.get(message.kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, n]) => `${n} ${KIND_LABEL[kind]}`).join(', ');
  lines.push(
    `${messages.length} message(s)${more ? ' shown (more in the DLQ; raise --max)' : ''}: ${summary}`,
  );
  return lines;
}

export { formatAge, formatFailed, formatFailedReport, preview };
