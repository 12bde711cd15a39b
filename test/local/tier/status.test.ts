import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../../src/local/tier/status-tracker.js';

const queue = { logicalId: 'Work', name: 'svc-work', url: 'u', arn: 'a', fifo: false };

describe('formatStatus', () => {
  it('shows consumer counters, DLQ depth and rate when known', () => {
    expect(
      formatStatus(
        { queue, visible: 3, inFlight: 10, processed: 120, failed: 2, deadLetterDepth: 1, rate: 41.54 },
        10,
      ),
    ).toBe('svc-work    visible 3  in flight 10  processed 120  failed 2  DLQ 1  41.5 msg/s');
  });

  it('shows only depth for a queue nobody consumes', () => {
    expect(formatStatus({ queue, visible: 0, inFlight: 0 })).toBe('svc-work  visible 0  in flight 0');
  });
});
