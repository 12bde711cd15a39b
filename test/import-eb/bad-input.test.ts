import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEbApp } from '../../src/service/import-eb/import-eb-app.js';
import { ImportEbError } from '../../src/service/import-eb/import-eb-error.js';
import type { EbAppFiles } from '../../src/service/import-eb/read-eb-app.js';
import { readEbApp } from '../../src/service/import-eb/read-eb-app.js';

const cronYaml = (entries: string): EbAppFiles => ({
  cronYaml: { file: 'cron.yaml', text: `version: 1\ncron:\n${entries}` },
  configs: [],
});
const config = (text: string, file = '.ebextensions/worker.config'): EbAppFiles => ({
  configs: [{ file, text }],
});
const cronD = (...lines: string[]): EbAppFiles =>
  config(
    `files:\n  /etc/cron.d/jobs:\n    mode: "000644"\n    content: |\n${lines.map((l) => `      ${l}\n`).join('')}`,
  );
const job = (name: string, url: string, schedule: string) =>
  `  - name: ${name}\n    url: ${url}\n    schedule: "${schedule}"\n`;

// Each case: the app, then the start of the message (file:line) and a phrase it must contain.
const CASES: [string, EbAppFiles, string, string][] = [
  [
    'a duplicate cron.yaml task name',
    cronYaml(job('cleanup', '/cleanup', '0 * * * *') + job('cleanup', '/cleanup', '30 * * * *')),
    'cron.yaml:6: ',
    'duplicate task name "cleanup" (first at cron.yaml:3)',
  ],
  ['a seconds field', cronYaml(job('tick', '/tick', '*/30 * * * * *')), 'cron.yaml:3: ', 'a seconds field?'],
  [
    'day fields EventBridge cannot combine',
    cronYaml(job('odd', '/odd', '0 0 */2 * 1')),
    'cron.yaml:3: ',
    'EventBridge cannot combine day-of-month with day-of-week',
  ],
  [
    'an unparsable schedule',
    cronYaml(job('bad', '/bad', '61 * * * *')),
    'cron.yaml:3: ',
    'cannot be scheduled on EventBridge',
  ],
  [
    'a URL on another host',
    cronYaml(job('hook', 'http://example.com/hook', '0 * * * *')),
    'cron.yaml:3: ',
    'calls host example.com',
  ],
  [
    'the message path',
    cronYaml(job('root', '/', '0 * * * *')),
    'cron.yaml:3: ',
    'POSTs to "/", the path of queue messages',
  ],
  [
    'a cron.yaml without version',
    { cronYaml: { file: 'cron.yaml', text: 'cron: []\n' }, configs: [] },
    'cron.yaml:1: ',
    'version must be 1',
  ],
  [
    'an entry without url',
    cronYaml('  - name: x\n    schedule: "0 * * * *"\n'),
    'cron.yaml:3: ',
    'needs "url"',
  ],
  [
    'a cron.d line that cannot be read',
    cronD('0 * * * * root curl -X POST http://localhost/a', 'every hour root curl x'),
    '.ebextensions/worker.config:6: ',
    'cannot read cron line',
  ],
  [
    'the same task at the same times twice',
    cronD(
      '0 * * * * root curl -X POST http://localhost/cleanup',
      '0 * * * * root curl -X POST http://localhost/cleanup',
    ),
    '.ebextensions/worker.config:6: ',
    'is already scheduled at .ebextensions/worker.config:5',
  ],
  [
    'a cron.d time zone',
    cronD('CRON_TZ=Europe/Paris', '0 9 * * * root curl http://localhost/reports'),
    '.ebextensions/worker.config:5: ',
    'CRON_TZ=Europe/Paris',
  ],
  [
    'a cron.d file downloaded from a URL',
    config('files:\n  /etc/cron.d/jobs:\n    source: https://example.com/jobs\n'),
    '.ebextensions/worker.config:2: ',
    'downloads its content from a URL',
  ],
  [
    'an sqsd option EB does not have',
    config('option_settings:\n  aws:elasticbeanstalk:sqsd:\n    VisibiltyTimeout: 60\n'),
    '.ebextensions/worker.config:3: ',
    'has no option "VisibiltyTimeout"',
  ],
  [
    'a value outside the EB range',
    config(
      'option_settings:\n  - namespace: aws:elasticbeanstalk:sqsd\n    option_name: MaxRetries\n    value: 500\n',
    ),
    '.ebextensions/worker.config:3: ',
    "MaxRetries is 500, outside EB's allowed 1-100",
  ],
  [
    'a computed value',
    config(
      'option_settings:\n  aws:elasticbeanstalk:sqsd:\n    VisibilityTimeout:\n      Fn::GetOptionSetting: {OptionName: Timeout}\n',
    ),
    '.ebextensions/worker.config:3: ',
    'VisibilityTimeout is computed (Fn::GetOptionSetting)',
  ],
  [
    'a value that is no number',
    config('option_settings:\n  aws:elasticbeanstalk:sqsd:\n    HttpConnections: lots\n'),
    '.ebextensions/worker.config:3: ',
    'must be a whole number, got "lots"',
  ],
  [
    'YAML that does not parse',
    config('option_settings:\n  aws:elasticbeanstalk:sqsd:\n    - a\n   b: [\n'),
    '.ebextensions/worker.config:',
    'not valid YAML or JSON',
  ],
  [
    'JSON that does not parse',
    config(
      '{\n  "option_settings": {\n    "aws:elasticbeanstalk:sqsd": {"MaxRetries": 3,,}\n  }\n}\n',
      '.ebextensions/sqsd.config',
    ),
    '.ebextensions/sqsd.config:3: ',
    'not valid YAML or JSON',
  ],
  [
    'a visibility timeout that leaves Lambda no time',
    config('option_settings:\n  aws:elasticbeanstalk:sqsd:\n    VisibilityTimeout: 0\n'),
    '.ebextensions/worker.config:3: ',
    'leaves no time for a Lambda run',
  ],
];

describe('importEbApp refuses bad input with file and line', () => {
  it.each(CASES)('%s', (_, files, location, says) => {
    const run = () => importEbApp(files);
    expect(run).toThrow(ImportEbError);
    let message = '';
    try {
      run();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.startsWith(location), message).toBe(true);
    expect(message).toContain(says);
  });

  it('refuses a path that is not a folder', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'import-eb-')), 'nope');
    expect(() => readEbApp(missing)).toThrow(`${missing}: is not a folder`);
  });
});
