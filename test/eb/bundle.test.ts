import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundleAdapter } from '../../scripts/eb/bundle-adapter.js';
import { adapterTimeoutMs, type BundleFile, buildBundleFiles } from '../../scripts/eb/bundle-files.js';
import { EbBundleError } from '../../scripts/eb/eb-bundle-error.js';
import { writeZip, zipBytes } from '../../scripts/eb/write-zip.js';
import { cronSources, expectCronYamlMatches } from '../helpers/expect-cron-yaml.js';
import { readZip, type ZipEntry } from '../helpers/read-zip.js';
import { fixtureService, fixtureSettings } from '../helpers/service-fixture.js';

const FIXTURE_ENTRY = fileURLToPath(new URL('./fixtures/adapter-entry.ts', import.meta.url));
const settings = fixtureSettings();

describe('bundleAdapter', () => {
  it('bundles node built-ins and @aws-sdk/client-sqs into one ESM file that runs with no node_modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-adapter-'));
    writeFileSync(join(dir, 'server.mjs'), await bundleAdapter(FIXTURE_ENTRY));
    const stdout = execFileSync(process.execPath, ['server.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(stdout)).toEqual({ send: 'function', createServer: 'function' });
  });

  it('fails clearly when the adapter entry does not exist yet', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'server.ts');
    await expect(bundleAdapter(missing)).rejects.toThrow(EbBundleError);
    await expect(bundleAdapter(missing)).rejects.toThrow(`HTTP adapter entry ${missing} does not exist`);
  });
});

describe('the EB worker zip', () => {
  const serverMjs = Buffer.from('console.log("adapter");\n');
  let files: BundleFile[];
  let zip: Buffer;
  let entries: Map<string, ZipEntry>;
  const text = (path: string): string => entries.get(path)?.content.toString('utf8') ?? `<no ${path}>`;

  beforeAll(async () => {
    files = buildBundleFiles(settings, serverMjs);
    zip = await zipBytes(files);
    entries = new Map(readZip(zip).map((entry) => [entry.path, entry]));
  });

  it('holds exactly the bundle files, sorted, at the bundle root', () => {
    expect([...entries.keys()]).toEqual([
      '.ebextensions/adapter-environment.config',
      '.ebextensions/sqsd.config',
      '.platform/nginx/conf.d/sqsd-proxy-timeouts.conf',
      'Procfile',
      'cron.yaml',
      'package.json',
      'server.mjs',
    ]);
    expect(entries.get('server.mjs')?.content).toEqual(serverMjs);
  });

  it('is byte-for-byte reproducible, with fixed timestamps and modes', async () => {
    expect(await zipBytes([...files].reverse())).toEqual(zip);
    const stamps = new Set(
      [...entries.values()].map((entry) => `${entry.dosDate}:${entry.dosTime}:${entry.mode}`),
    );
    expect(stamps).toEqual(new Set([`${(20 << 9) | (1 << 5) | 1}:0:${0o100644}`]));
  });

  it('writes the same bytes to disk', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'eb-zip-')), 'dist', 'eb-worker.zip');
    await writeZip(files, out);
    expect(readFileSync(out)).toEqual(zip);
  });

  it('starts the adapter with a Procfile and a dependency-free ESM package.json', () => {
    expect(text('Procfile')).toBe('web: node server.mjs\n');
    expect(JSON.parse(text('package.json'))).toEqual({
      name: 'worker-tier-eb',
      private: true,
      type: 'module',
      engines: { node: '>=20' },
    });
  });

  it('has a cron.yaml that sqsd accepts and that fires when serverless.yml does', () => {
    expectCronYamlMatches(text('cron.yaml'), cronSources(fixtureService()));
  });

  it('sets every sqsd option from the queue and worker settings', () => {
    expect(parse(text('.ebextensions/sqsd.config'))).toEqual({
      option_settings: { 'aws:elasticbeanstalk:sqsd': settings.sqsd },
    });
    expect(settings.sqsd).toMatchObject({
      VisibilityTimeout: 180,
      MaxRetries: 5,
      HttpConnections: 10,
    });
  });

  it('points the adapter at sqsd settings and lets nginx wait as long as sqsd does', () => {
    // InactivityTimeout is 179 s for the fixture's 180 s VisibilityTimeout; the adapter answers 9 s earlier.
    const cronUrls = (parse(text('cron.yaml')) as { cron: Array<{ url: string }> }).cron.map((e) => e.url);
    expect(cronUrls.length).toBeGreaterThan(0);
    expect(parse(text('.ebextensions/adapter-environment.config'))).toEqual({
      option_settings: {
        'aws:elasticbeanstalk:application:environment': {
          PORT: '8080',
          HTTP_PATH: '/',
          REQUEST_TIMEOUT_MS: '170000',
          // HttpConnections 10, plus room for health checks.
          MAX_CONNECTIONS: '26',
          // Exactly the urls sqsd will POST periodic tasks to: the adapter 404s every other path.
          PERIODIC_PATHS: [...new Set(cronUrls)].join(','),
        },
      },
    });
    expect(text('.platform/nginx/conf.d/sqsd-proxy-timeouts.conf')).toContain('proxy_read_timeout 179s;\n');
  });

  it('refuses to build when a schedule has no cron.yaml entry, since EB would never run it', () => {
    const skipping = fixtureSettings(['functions.scheduled.events.1.schedule.timezone', 'Europe/Berlin']);
    const run = () => buildBundleFiles(skipping, serverMjs);
    expect(run).toThrow(EbBundleError);
    expect(run).toThrow('schedule.timezone is "Europe/Berlin", but cron.yaml schedules run in UTC');
  });

  it.each([
    { inactivity: 299, ms: 290_000 },
    { inactivity: 18, ms: 9_000 },
    { inactivity: 10, ms: 9_700 },
    { inactivity: 1, ms: 970 },
  ])('the adapter timeout stays below InactivityTimeout $inactivity s ($ms ms)', ({ inactivity, ms }) => {
    expect(adapterTimeoutMs(inactivity)).toBe(ms);
    expect(adapterTimeoutMs(inactivity)).toBeLessThan(inactivity * 1000);
  });
});
