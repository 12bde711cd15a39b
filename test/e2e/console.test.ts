import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/local/console/console-server.js';
import { queueDepth } from '../../src/local/tier/queue-depth.js';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { REPO_ROOT, realService, workerWithTasks } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { sendAll } from '../helpers/queue-io.js';

// The console in Debian's Chromium, driven by playwright-core, against the real serverless.yml tier on
// random ports. On a machine without /usr/bin/chromium the suite is skipped, except on CI, where .ci/run
// installs it and a missing browser must fail.
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM) || process.env.CI !== undefined;
if (!available) console.warn(`test/e2e/console.test.ts skipped: no ${CHROMIUM} (apt-get install chromium)`);

const SCRIPT_NOTE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const POISON = JSON.stringify({ type: 'retry_demo', fail: 'permanent', note: SCRIPT_NOTE });
const RETRYABLE = JSON.stringify({ type: 'retry_demo', failures: 1 });
const VALID = JSON.stringify({ type: 'test', data: 'Hello Worker!' });

let tier: LocalTier;
let webConsole: RunningConsole;
let browser: Browser;
let page: Page;
let shots: string;
const dialogs: string[] = [];
/** Errors thrown by the page's own scripts: there must be none. */
const pageErrors: string[] = [];

async function cellText(page: Page, queue: string, field: string): Promise<string> {
  return (await page.locator(`td[data-queue="${queue}"][data-field="${field}"]`).textContent()) ?? '';
}

/** The page's row for a delivery, by message id and outcome (its outcome cell says it in words). */
function deliveryRow(id: string, outcome: string) {
  return page.locator(`#deliveries tr[data-message-id="${id}"]`, {
    has: page.locator(`td[data-outcome="${outcome}"]`),
  });
}

describe.runIf(available)('web console in Chromium', () => {
  beforeAll(async () => {
    shots = await mkdtemp(join(tmpdir(), 'console-shots-'));
    tier = await startLocalTier({
      root: REPO_ROOT,
      service: realService(),
      port: 0,
      logger: recordingLogger(),
      // The real worker (the app's registry, retry_demo included), with its log lines kept off stdout.
      handlerOverride: (fn) => (fn.key === 'worker' ? workerWithTasks(fn.environment, {}) : undefined),
    });
    webConsole = await startConsole(tier, { port: 0, sampleMs: 250 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.goto(webConsole.url);
    await page.locator('#connection[data-state="live"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await webConsole?.close();
    await tier?.stop();
    if (shots !== undefined) await rm(shots, { recursive: true, force: true });
  });

  it('refuses a POST without the page token, from another Host, and sends no CORS headers', async () => {
    const purge = (headers: Record<string, string>) =>
      fetch(`${webConsole.url}api/dlq/purge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const noToken = await purge({});
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get('access-control-allow-origin')).toBeNull();
    expect((await purge({ 'x-console-token': 'f'.repeat(48) })).status).toBe(403);
    expect((await purge({ 'x-console-token': webConsole.token, origin: 'http://evil.example' })).status).toBe(
      403,
    );
    // The same request from the page itself, without the token, is refused too.
    const fromPage = await page.evaluate(async () => {
      const response = await fetch('/api/dlq/purge', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return response.status;
    });
    expect(fromPage).toBe(403);
    const html = await (await fetch(webConsole.url)).text();
    expect(html).toContain(webConsole.token);
  });

  let poisonId: string | undefined;
  let retryableId: string | undefined;

  it('shows a mixed batch: outcomes per message, counts equal to the queues, the poison in the DLQ as text', async () => {
    const work = tier.queue('WorkQueue');
    const dlq = tier.queue('DeadLetterQueue');
    [poisonId, retryableId] = await sendAll(tier.client, work.url, [
      { MessageBody: POISON },
      { MessageBody: RETRYABLE },
      { MessageBody: VALID },
    ]);
    const validId = (await deliveriesOf('test'))[0];
    await deliveryRow(poisonId ?? '', 'dead-lettered').waitFor();
    await deliveryRow(retryableId ?? '', 'retried').waitFor();
    await deliveryRow(retryableId ?? '', 'processed').waitFor({ timeout: 30_000 });
    expect(validId).toBeDefined();
    const poisonRow = deliveryRow(poisonId ?? '', 'dead-lettered');
    expect(await poisonRow.textContent()).toContain('RetryDemoPermanentError: failing permanently');

    // The page's counts against GetQueueAttributes through the SDK, once both have settled.
    await eventually(async () => {
      const [w, d] = await Promise.all([queueDepth(tier.client, work.url), queueDepth(tier.client, dlq.url)]);
      const shown = {
        visible: await cellText(page, 'WorkQueue', 'visible'),
        inFlight: await cellText(page, 'WorkQueue', 'inFlight'),
        dlq: await cellText(page, 'WorkQueue', 'deadLetterDepth'),
        dlqVisible: await cellText(page, 'DeadLetterQueue', 'visible'),
        processed: await cellText(page, 'WorkQueue', 'processed'),
      };
      const sdk = {
        visible: String(w.visible),
        inFlight: String(w.inFlight),
        dlq: String(d.visible + d.inFlight + d.delayed),
        dlqVisible: String(d.visible),
        processed: String(tier.mappings.find((m) => m.queue === 'WorkQueue')?.mapping.stats.processed),
      };
      return JSON.stringify(shown) === JSON.stringify(sdk) && sdk.dlq === '1' ? shown : undefined;
    });

    const dlqRow = page.locator(`#dlq tr[data-message-id="${poisonId}"]`);
    await dlqRow.waitFor();
    const text = (await dlqRow.textContent()) ?? '';
    expect(text).toContain('RetryDemoPermanentError');
    expect(text).toContain('retry_demo');
    // The body is shown as text: the markup is visible and nothing in it ran or became an element.
    expect(text).toContain('<script>window.__pwned = 1</script>');
    await page.getByRole('button', { name: `Show full body of ${poisonId}` }).click();
    // The full body is fetched after the click: wait for it before reading it whole.
    await page.locator('#dlq-body-text', { hasText: 'retry_demo' }).waitFor();
    expect(await page.locator('#dlq-body-text').textContent()).toBe(POISON);
    expect(await page.locator('#dlq script, #dlq img, #deliveries script, #dlq-body img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('the send form, used from the keyboard only, sends SNS-wrapped copies and FIFO messages with their group', async () => {
    await page.locator('#send-body').fill(JSON.stringify({ type: 'test', data: 'from the form' }));
    await page.locator('#send-count').fill('3');
    await page.locator('#send-sns').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // the Send button
    await page.keyboard.press('Enter');
    await page.locator('#notice', { hasText: 'Sent 3 messages' }).waitFor();
    expect(await page.locator('#notice').textContent()).toContain('in SNS envelopes to worker-tier-dev-work');

    await page.locator('#send-queue').selectOption('OrdersQueue');
    await page.locator('#send-sns').uncheck();
    await page.locator('#send-group').fill('group-7');
    await page.locator('#send-count').fill('1');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('#notice', { hasText: 'worker-tier-dev-orders.fifo' }).waitFor();
    const fifoRow = page.locator('#deliveries tr', { hasText: 'OrdersQueue' }).filter({ hasText: 'group-7' });
    await fifoRow.first().waitFor();
    expect(await fifoRow.first().locator('td[data-outcome]').textContent()).toBe('processed');

    // Filtering by outcome leaves only rows with that outcome.
    await page.locator('#filter-outcome').selectOption('dead-lettered');
    const outcomes = await page.locator('#deliveries td[data-outcome]').allTextContents();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['dead lettered']));
    await page.locator('#filter-outcome').selectOption('');
    // The valid message of the mixed batch and the three copies from the form, all processed by the test task.
    const processedTests = async () =>
      (
        await page
          .locator('#deliveries tbody tr')
          .evaluateAll((rows) =>
            rows.map((r) =>
              [...(r as unknown as { cells: { textContent: string }[] }).cells].map((c) => c.textContent),
            ),
          )
      ).filter(
        ([, , source, task, , , , outcome]) =>
          source === 'WorkQueue' && task === 'test' && outcome === 'processed',
      );
    await eventually(async () => ((await processedTests()).length >= 4 ? true : undefined));
  });

  it('run now fires a schedule through worker:run, and the run shows in recent deliveries', async () => {
    const before = await page.locator('#deliveries td[data-outcome]').count();
    await page.getByRole('button', { name: 'Run worker-tier-dev-cleanup now' }).click();
    await page.locator('#notice', { hasText: 'Started task cleanup' }).waitFor();
    const run = page.locator('#deliveries tr', { hasText: 'schedule' }).filter({ hasText: 'cleanup' });
    await run.first().waitFor();
    expect(await page.locator('#deliveries td[data-outcome]').count()).toBeGreaterThan(before);
    expect(await run.first().locator('td[data-outcome]').textContent()).toBe('processed');
    await page
      .locator('#schedules tr[data-schedule="worker-tier-dev-cleanup"] .last-run', { hasText: 'run now' })
      .waitFor();
    expect(
      await page.locator('#schedules tr[data-schedule="worker-tier-dev-cleanup"]').textContent(),
    ).toContain('processed (run now');

    // The screenshot in the README: the page with a dead letter, retries and a scheduled run on it.
    const shot = join(shots, 'console.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOTS === '1') await copyFile(shot, join(REPO_ROOT, 'docs', 'console.png'));
  });

  it('retry (after confirming) moves the poison message back to the work queue', async () => {
    const dlq = tier.queue('DeadLetterQueue');
    await page.getByRole('button', { name: `Retry ${poisonId}` }).click();
    await page.locator('#notice', { hasText: 'Moved 1 of 1' }).waitFor();
    expect(dialogs.at(-1)).toContain(`Move message ${poisonId} back`);
    const notice = (await page.locator('#notice').textContent()) ?? '';
    const newId = /sent to worker-tier-dev-work as ([0-9a-f-]+)/.exec(notice)?.[1];
    expect(newId).toBeDefined();
    // Back on the work queue under a new id, the (still permanent) failure is dead-lettered again.
    await deliveryRow(newId ?? '', 'dead-lettered').waitFor();
    await page.locator(`#dlq tr[data-message-id="${newId}"]`).waitFor();
    expect(await page.locator(`#dlq tr[data-message-id="${poisonId}"]`).count()).toBe(0);
    const d = await queueDepth(tier.client, dlq.url);
    expect(d.visible + d.inFlight + d.delayed).toBe(1);
  });

  it('purge all (after confirming) empties the DLQ', async () => {
    const dlq = tier.queue('DeadLetterQueue');
    await page.getByRole('button', { name: 'Purge all' }).click();
    await page.locator('#notice', { hasText: 'Purged the DLQ' }).waitFor();
    expect(dialogs.at(-1)).toContain('Delete every message in the DLQ');
    await eventually(async () => {
      const d = await queueDepth(tier.client, dlq.url);
      return d.visible + d.inFlight + d.delayed === 0 ? true : undefined;
    });
    await page.locator('#dlq-summary', { hasText: 'the DLQ is empty' }).waitFor();
    await eventually(async () =>
      (await cellText(page, 'WorkQueue', 'deadLetterDepth')) === '0' ? true : undefined,
    );
    expect(pageErrors).toEqual([]);
  });
});

/** Message ids of the deliveries the page lists for a task (waits for at least one). */
async function deliveriesOf(task: string): Promise<string[]> {
  const rows = page.locator('#deliveries tr[data-message-id]', { hasText: task });
  await rows.first().waitFor();
  return rows.evaluateAll((list) =>
    list.map((row) => (row as unknown as { dataset: { messageId?: string } }).dataset.messageId ?? ''),
  );
}
