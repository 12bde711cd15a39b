import { describe, expect, it } from 'vitest';
import { cronEntries } from '../../../src/local/tier/sqsd-mode.js';
import { readLocalService } from '../../../src/service/service-model.js';

const schedule = (rate: string, input?: object, extra: object = {}) => ({
  schedule: { method: 'scheduler', rate: [rate], ...(input ? { input } : {}), ...extra },
});

describe('cronEntries (sqsd mode: schedules become cron.yaml)', () => {
  it('converts each expression to UTC crontab, url /<task>, numbering repeated tasks, noting what it skips', () => {
    const service = readLocalService({
      service: 's',
      provider: {},
      functions: {
        cron: {
          handler: 'a.b',
          events: [
            schedule('cron(0/5 * * * ? *)', { task: 'scheduled' }),
            schedule('cron(0 2 * * ? *)', { task: 'scheduled' }),
            schedule('cron(0 1 ? * SUN *)', { task: 'backup' }),
            schedule('cron(0 6 * * ? *)', { task: 'paris' }, { timezone: 'Europe/Paris' }),
            schedule('rate(1 hour)'),
            schedule('cron(0 3 * * ? *)', { task: 'off' }, { enabled: false }),
          ],
        },
      },
    });
    const notes: string[] = [];

    expect(cronEntries(service, notes)).toEqual([
      { name: 'scheduled', url: '/scheduled', schedule: '*/5 * * * *' },
      { name: 'scheduled-2', url: '/scheduled', schedule: '0 2 * * *' },
      { name: 'backup', url: '/backup', schedule: '0 1 * * 0' },
    ]);
    expect(notes).toEqual([
      expect.stringContaining('uses timezone Europe/Paris; cron.yaml runs in UTC; skipped'),
      expect.stringContaining('has no input.task'),
    ]);
  });
});
