// The console page (docs/console.md): plain browser JavaScript modules, no build step. One server-sent
// event stream feeds the queue table, the chart and the recent deliveries; the panels act through POSTs
// that carry the page's token (page-kit.js).
import { dlqDepth, loadDlq } from './dlq-panel.js';
import { $, act, el, notify, number, row } from './page-kit.js';
import { renderSchedules } from './schedules-panel.js';

const state = { samples: [], deliveries: [], schedules: [], queues: [], lastDlqDepth: undefined };
const MAX_DELIVERIES = 300;
let chart;
let renderQueued = false;

function renderQueues() {
  const sample = state.samples[state.samples.length - 1];
  const body = $('queues').querySelector('tbody');
  body.textContent = '';
  for (const q of sample ? sample.queues : []) {
    const cell = (field, value) =>
      el('td', number(value), { 'data-queue': q.logicalId, 'data-field': field });
    const type = [q.fifo ? 'FIFO' : 'standard', q.deadLetter ? 'DLQ' : ''].filter(Boolean).join(', ');
    body.append(
      row([
        el('th', q.name, { scope: 'row' }),
        type,
        cell('visible', q.visible),
        cell('inFlight', q.inFlight),
        cell('delayed', q.delayed),
        cell('processed', q.processed),
        cell('failed', q.failed),
        cell('deadLetterDepth', q.deadLetterDepth),
        el('td', q.rate === undefined ? '–' : `${q.rate.toFixed(1)} msg/s`),
      ]),
    );
  }
}

function chartData() {
  const xs = [];
  const waiting = [];
  const inFlight = [];
  const dead = [];
  const rate = [];
  for (const s of state.samples) {
    const work = s.queues.filter((q) => !q.deadLetter);
    const sum = (list, pick) => list.reduce((total, q) => total + (pick(q) || 0), 0);
    xs.push(s.at / 1000);
    waiting.push(sum(work, (q) => q.visible + q.delayed));
    inFlight.push(sum(work, (q) => q.inFlight));
    dead.push(
      sum(
        s.queues.filter((q) => q.deadLetter),
        (q) => q.visible + q.inFlight + q.delayed,
      ),
    );
    rate.push(sum(work, (q) => q.rate));
  }
  return [xs, waiting, inFlight, dead, rate];
}

function renderChart() {
  if (typeof window.uPlot !== 'function') return;
  const target = $('chart');
  const width = Math.max(320, target.clientWidth || 800);
  if (chart === undefined) {
    chart = new window.uPlot(
      {
        width,
        height: 220,
        series: [
          {},
          { label: 'waiting', stroke: '#1f5fbf', width: 2 },
          { label: 'in flight', stroke: '#8a5a00', width: 2, dash: [6, 3] },
          { label: 'in DLQs', stroke: '#a11', width: 2, dash: [2, 2] },
          { label: 'processed/s', stroke: '#176b2c', width: 2, scale: 'rate' },
        ],
        axes: [{}, { label: 'messages' }, { side: 1, scale: 'rate', label: 'msg/s', grid: { show: false } }],
      },
      chartData(),
      target,
    );
  } else {
    chart.setData(chartData());
  }
}

function renderDeliveries() {
  const task = $('filter-task').value;
  const outcome = $('filter-outcome').value;
  const known = new Set([...$('filter-task').options].map((o) => o.value));
  for (const d of state.deliveries) {
    if (d.task && !known.has(d.task)) {
      known.add(d.task);
      $('filter-task').append(el('option', d.task, { value: d.task }));
    }
  }
  const shown = state.deliveries
    .filter((d) => (!task || d.task === task) && (!outcome || d.outcome === outcome))
    .slice(-MAX_DELIVERIES)
    .reverse();
  const body = $('deliveries').querySelector('tbody');
  body.textContent = '';
  for (const d of shown) {
    const error = d.errorName || d.errorMessage ? `${d.errorName || 'Error'}: ${d.errorMessage || ''}` : '';
    const tr = row([
      new Date(d.at).toLocaleTimeString(),
      el('td', d.messageId, { class: 'id' }),
      d.source,
      d.task || '–',
      d.route || '–',
      d.groupId || '–',
      number(d.receiveCount),
      el('td', d.outcome.replace(/-/g, ' '), { class: 'outcome', 'data-outcome': d.outcome }),
      d.durationMs === undefined ? '–' : `${Math.round(d.durationMs)} ms`,
      error,
    ]);
    tr.dataset.messageId = d.messageId;
    body.append(tr);
  }
  $('deliveries-count').textContent = `${shown.length} of ${state.deliveries.length} shown`;
}

function render() {
  renderQueued = false;
  renderQueues();
  renderChart();
  renderDeliveries();
}

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(render);
}

function connect() {
  const source = new EventSource('/events');
  const connection = $('connection');
  source.addEventListener('open', () => {
    connection.textContent = 'live';
    connection.dataset.state = 'live';
  });
  source.addEventListener('error', () => {
    connection.textContent = 'disconnected, retrying';
    connection.dataset.state = 'down';
  });
  source.addEventListener('init', (event) => {
    const init = JSON.parse(event.data);
    Object.assign(state, {
      samples: init.samples,
      deliveries: init.deliveries,
      schedules: init.schedules,
      queues: init.queues,
    });
    const s = init.service;
    $('service').textContent =
      `Service ${s.name}, stage ${s.stage}, region ${s.region}; SQS endpoint ${s.endpoint}`;
    const select = $('send-queue');
    select.textContent = '';
    for (const q of init.queues) {
      const option = el('option', `${q.name}${q.fifo ? ' (FIFO)' : ''}`, { value: q.logicalId });
      option.selected = q.logicalId === init.workQueue;
      select.append(option);
    }
    renderSchedules(state.schedules);
    scheduleRender();
    loadDlq();
  });
  source.addEventListener('sample', (event) => {
    const sample = JSON.parse(event.data);
    state.samples.push(sample);
    while (state.samples.length > 0 && state.samples[0].at < sample.at - 15 * 60 * 1000)
      state.samples.shift();
    const depth = dlqDepth(sample);
    if (state.lastDlqDepth !== undefined && depth !== state.lastDlqDepth) loadDlq();
    state.lastDlqDepth = depth;
    scheduleRender();
  });
  source.addEventListener('deliveries', (event) => {
    state.deliveries.push(...JSON.parse(event.data));
    if (state.deliveries.length > 1000) state.deliveries.splice(0, state.deliveries.length - 1000);
    scheduleRender();
  });
  source.addEventListener('schedules', (event) => {
    state.schedules = JSON.parse(event.data);
    renderSchedules(state.schedules);
  });
  source.addEventListener('problem', (event) => notify(JSON.parse(event.data).message, true));
}

function wire() {
  $('filter-task').addEventListener('change', renderDeliveries);
  $('filter-outcome').addEventListener('change', renderDeliveries);
  $('dlq-refresh').addEventListener('click', loadDlq);
  $('dlq-retry-all').addEventListener('click', async () => {
    if (!window.confirm('Move every DLQ message back where it came from?')) return;
    await act('/api/dlq/retry', { ids: [] });
    await loadDlq();
  });
  $('dlq-purge-all').addEventListener('click', async () => {
    if (!window.confirm('Delete every message in the DLQ? This cannot be undone.')) return;
    await act('/api/dlq/purge', {});
    await loadDlq();
  });
  $('dlq-body-close').addEventListener('click', () => {
    $('dlq-body').hidden = true;
  });
  $('send-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    await act('/api/send', {
      queue: $('send-queue').value,
      body: $('send-body').value,
      group: $('send-group').value,
      count: Number($('send-count').value),
      sns: $('send-sns').checked,
    });
  });
  window.addEventListener('resize', () => chart?.setSize({ width: $('chart').clientWidth, height: 220 }));
  connect();
}

wire();
