import { describe, expect, it } from 'vitest';
import { ImportEbError } from '../../src/service/import-eb/import-eb-error.js';
import { parseCronLine } from '../../src/service/import-eb/parse-cron-line.js';

const at = { file: '.ebextensions/cron.config', line: 12 };

describe('parseCronLine', () => {
  it('takes the schedule and URL of a cron.d line and ignores user, curl flags and redirections', () => {
    expect(
      parseCronLine('*/5 * * * * root curl -X POST http://localhost/scheduled >> /tmp/cronlog.txt 2>&1', at),
    ).toEqual({ kind: 'job', crontab: '*/5 * * * *', user: 'root', url: 'http://localhost/scheduled' });
  });

  it.each([
    [
      '@daily webapp curl -fsS -XPOST "http://127.0.0.1:8080/cleanup"',
      '@daily',
      'http://127.0.0.1:8080/cleanup',
    ],
    [
      "0  6 * * 1-5\troot  curl -d '' 'http://localhost/reports?full=1' > /dev/null",
      '0  6 * * 1-5',
      'http://localhost/reports?full=1',
    ],
    [
      '30 1 * * sun root wget -q --post-data= http://localhost/backup',
      '30 1 * * sun',
      'http://localhost/backup',
    ],
  ])('reads %j', (line, crontab, url) => {
    expect(parseCronLine(line, at)).toMatchObject({ kind: 'job', crontab, url });
  });

  it('skips comments and blank lines, and names variables without their value', () => {
    expect(parseCronLine('  # m h dom mon dow user command', at)).toEqual({ kind: 'blank' });
    expect(parseCronLine('   ', at)).toEqual({ kind: 'blank' });
    expect(parseCronLine('MAILTO="ops@example.com"', at)).toEqual({ kind: 'variable', name: 'MAILTO' });
  });

  it.each([
    [
      '*/30 * * * * * root curl -X POST http://localhost/scheduled',
      'more than 5 time fields (a seconds field?)',
    ],
    ['0 * * * 1-5 mon root curl -X POST http://localhost/scheduled', 'more than 5 time fields'],
    ['*/5 * * * * curl -X POST http://localhost/scheduled', 'has no user field'],
    ['0 * * * * root /usr/bin/php artisan schedule:run', 'makes no HTTP request'],
    ['*/5 * * root', 'cannot read cron line "*/5 * * root"'],
    ['0 * * * * root curl http://localhost/a && curl http://localhost/b', 'calls 2 URLs'],
  ])('refuses %j, naming file and line', (line, says) => {
    const error = (() => {
      try {
        parseCronLine(line, at);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ImportEbError);
    expect((error as Error).message).toMatch(/^\.ebextensions\/cron\.config:12: /);
    expect((error as Error).message).toContain(says);
  });
});
