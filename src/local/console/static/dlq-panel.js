// The dead-letter queue panel: the decoded listing (as `worker:failed`), the full body on demand, and
// retry / purge per message, each after a confirmation.
import { $, act, call, el, notify, number, row } from './page-kit.js';

async function loadDlq() {
  try {
    const result = await call('GET', '/api/dlq');
    const body = $('dlq').querySelector('tbody');
    body.textContent = '';
    for (const m of result.rows) {
      const actions = el('td');
      const show = el('button', 'Show body', {
        type: 'button',
        'aria-label': `Show full body of ${m.originalId}`,
      });
      show.addEventListener('click', () => showBody(m));
      const retry = el('button', 'Retry', { type: 'button', 'aria-label': `Retry ${m.originalId}` });
      retry.disabled = !m.retryable;
      retry.addEventListener('click', async () => {
        if (!window.confirm(`Move message ${m.originalId} back to ${m.sourceQueue || 'its queue'}?`)) return;
        await act('/api/dlq/retry', { ids: [m.dlqMessageId] });
        await loadDlq();
      });
      const purge = el('button', 'Purge', {
        type: 'button',
        class: 'danger',
        'aria-label': `Purge ${m.originalId}`,
      });
      purge.addEventListener('click', async () => {
        if (!window.confirm(`Delete DLQ message ${m.originalId}? This cannot be undone.`)) return;
        await act('/api/dlq/purge', { id: m.dlqMessageId });
        await loadDlq();
      });
      actions.append(show, retry, purge);
      const error = [m.errorName, m.errorMessage].filter(Boolean).join(': ');
      const tr = row([
        el('td', m.originalId, { class: 'id' }),
        m.kind,
        m.task || '–',
        error || '–',
        number(m.attempts),
        m.age || '–',
        el('td', m.preview, { class: 'preview' }),
        actions,
      ]);
      tr.dataset.messageId = m.originalId;
      body.append(tr);
    }
    $('dlq-summary').textContent =
      `${result.rows.length}${result.more ? '+' : ''} message(s) in ${result.queue}` +
      (result.rows.length === 0 ? ': the DLQ is empty.' : '');
  } catch (error) {
    $('dlq-summary').textContent = `Cannot read the DLQ: ${error.message}`;
  }
}

async function showBody(message) {
  try {
    const { body } = await call('GET', `/api/dlq/body?id=${encodeURIComponent(message.dlqMessageId)}`);
    $('dlq-body-title').textContent = `Full body of ${message.originalId}`;
    $('dlq-body-text').textContent = body;
    $('dlq-body').hidden = false;
    $('dlq-body-text').focus();
  } catch (error) {
    notify(error.message, true);
  }
}

function dlqDepth(sample) {
  return sample.queues
    .filter((q) => q.deadLetter)
    .reduce((t, q) => t + q.visible + q.inFlight + q.delayed, 0);
}

export { dlqDepth, loadDlq };
