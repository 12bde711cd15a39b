// The schedules panel: next fire times, last run, and run now (worker:run through the tier).
import { $, act, el, row } from './page-kit.js';

function renderSchedules(schedules) {
  const body = $('schedules').querySelector('tbody');
  body.textContent = '';
  for (const s of schedules) {
    const button = el('button', 'Run now', { type: 'button', 'aria-label': `Run ${s.name} now` });
    button.disabled = s.task === undefined;
    button.addEventListener('click', () => act('/api/schedules/run', { schedule: s.name }));
    const last = s.lastRun
      ? `${s.lastRun.outcome} (${s.lastRun.how}, ${new Date(s.lastRun.at).toLocaleTimeString()})${s.lastRun.error ? `: ${s.lastRun.error}` : ''}`
      : 'not run yet';
    const actions = el('td');
    actions.append(button);
    const tr = row([
      el('th', `${s.name}${s.enabled ? '' : ' (disabled)'}`, { scope: 'row' }),
      s.expression,
      s.timezone,
      s.task || '–',
      s.next.slice(0, 3).join(', ') || s.note || 'none',
      el('td', last, { class: 'last-run' }),
      actions,
    ]);
    tr.dataset.schedule = s.name;
    body.append(tr);
  }
}

export { renderSchedules };
