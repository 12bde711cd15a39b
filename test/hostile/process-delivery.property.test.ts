import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkerError } from '../../src/core/errors.js';
import { processDelivery } from '../../src/core/process-delivery.js';
import { registry } from '../../src/tasks/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { hostileAttributes, hostileBody, messageId } from '../helpers/hostile/arbitraries.js';
import { expectNoPollution, problemNotNamed, snapshotPrototypes } from '../helpers/hostile/invariants.js';
import { propertyOptions } from '../helpers/hostile/options.js';
import { delivery } from '../helpers/hostile/samples.js';

type DeadLetterMode = 'accepts' | 'throws' | 'throws-non-error';

describe('processDelivery(hostile delivery) with the real task registry', () => {
  it('never throws, and its verdict, error and log line agree', async () => {
    const before = snapshotPrototypes();
    await fc.assert(
      fc.asyncProperty(
        hostileBody,
        hostileAttributes,
        messageId,
        fc.constantFrom<DeadLetterMode>('accepts', 'throws', 'throws-non-error'),
        async (body, attributes, id, deadLetterMode) => {
          const { log, lines } = captureLogger();
          const deadLettered: string[] = [];
          const deadLetter = async (target: { messageId: string }) => {
            if (deadLetterMode === 'throws') throw new Error('DLQ unavailable');
            if (deadLetterMode === 'throws-non-error') throw 'DLQ said no';
            deadLettered.push(target.messageId);
          };

          const verdict = await processDelivery(delivery(body.text, { messageId: id, attributes }), {
            registry,
            log,
            deadLetter,
          });

          const { outcome } = verdict;
          const problems = lines.filter((line) => line.level === 'warn' || line.level === 'error');
          if (outcome.status === 'ok') {
            expect(verdict.action).toBe('ack');
            expect(problems).toEqual([]);
          } else {
            expect(outcome.error).toBeInstanceOf(WorkerError);
            expect(outcome.error.messageId).toBe(id);
            expect(outcome.error.message.trim()).not.toBe('');
            expect(problems).toHaveLength(1);
            expect(problems[0]?.messageId).toBe(id);
            expect(problems[0]?.errorName).toBe(outcome.error.name);
            if (outcome.status === 'retry') {
              expect(outcome.error.permanent).toBe(false);
              expect(verdict.action).toBe('retry');
            } else {
              expect(outcome.error.permanent).toBe(true);
              expect(problemNotNamed(outcome.error)).toBeUndefined();
              expect(verdict.action).toBe(deadLetterMode === 'accepts' ? 'dead-lettered' : 'reject');
            }
          }
          expect(deadLettered).toEqual(verdict.action === 'dead-lettered' ? [id] : []);
          expectNoPollution(before);
        },
      ),
      propertyOptions(),
    );
  });
});
