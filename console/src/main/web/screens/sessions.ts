// SCORM → Active Sessions: the tenant's live sessions, polled every 5 s, with a chart of the count.
import uPlot from 'uplot';
import { ApiError } from '../api';
import { announce, duration, field, h, notice, when } from '../ui';
import type { Cleanup, Screen } from './context';

export const POLL_MS = 5000;

interface ActiveSession {
  sessionId: string;
  registrationId: string;
  learnerId: string;
  learnerName: string | null;
  assignmentId: string;
  topicId: string;
  scormVersion: string;
  startedAt: string;
  lastHeartbeatAt: string | null;
  activeMillis: number;
  completionStatus: string | null;
  successStatus: string | null;
  lessonStatus: string | null;
  rawScore: number | null;
}

interface Page {
  page: number;
  size: number;
  total: number;
  totalCapped: boolean;
  next: string | null;
  asOf: string;
  inactiveAfterSeconds: number;
  sessions: ActiveSession[];
}

/** The orders the API sorts by (each has its index, ADR 0028). */
type SortKey = 'started' | 'heartbeat';

const COLUMNS: [string, SortKey | null][] = [
  ['Learner', null],
  ['Assignment / topic', null],
  ['SCORM version', null],
  ['Started', 'started'],
  ['Last heartbeat', 'heartbeat'],
  ['Active time', null],
  ['Status', null],
  ['Score', null]
];

function status(s: ActiveSession): string {
  if (s.scormVersion === 'SCORM_12') {
    return s.lessonStatus ?? 'not attempted';
  }
  return `${s.completionStatus ?? 'unknown'} / ${s.successStatus ?? 'unknown'}`;
}

export function activeSessions({ api, main }: Screen): Cleanup {
  // cursors[i] is the "after" of page i: the API pages by keyset, so Previous walks back the stack.
  let cursors: string[] = [''];
  let size = 50;
  let sort: SortKey = 'heartbeat';
  let descending = true;
  let last: Page | null = null;
  let timer: number | undefined;
  let debounce: number | undefined;
  let stopped = false;
  const samples: [number[], number[]] = [[], []];

  const learnerInput = h('input', { type: 'search', id: 'session-filter', placeholder: 'id or name starts with' });
  const assignmentInput = h('input', { type: 'search', id: 'session-assignment', placeholder: 'assignment id' });
  const versionSelect = h('select', { id: 'session-version' }, h('option', { value: '' }, 'any'),
    ...[['SCORM_12', '1.2'], ['SCORM_2004_3RD', '2004 3rd'], ['SCORM_2004_4TH', '2004 4th']].map(([v, l]) => h('option', { value: v }, l)));
  const statusSelect = h('select', { id: 'session-status' }, h('option', { value: '' }, 'any'),
    ...['INCOMPLETE', 'COMPLETED', 'PASSED', 'FAILED'].map((v) => h('option', { value: v }, v.toLowerCase())),
    h('option', { value: 'NONE' }, 'no status yet'));
  const sizeSelect = h('select', { id: 'session-size' }, ...[25, 50, 100, 250].map((n) => h('option', { value: n, selected: n === size }, String(n))));
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const summary = h('p', { class: 'muted', id: 'session-summary' }, 'Loading…');
  const message = h('div');
  const table = h('table', { id: 'sessions-table' });
  const chart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Active sessions over the time this page is open' });

  main.replaceChildren(
    h('h1', {}, 'SCORM → Active Sessions'),
    h('p', { class: 'muted' }, `Live: refreshed every ${POLL_MS / 1000} s. A session is active while heartbeats arrive (see "inactive after" below). Filters and sorting are done by the server over all of the tenant's sessions.`),
    h('div', { class: 'toolbar' },
      field('Learner', learnerInput),
      field('Assignment', assignmentInput),
      field('SCORM version', versionSelect),
      field('Status', statusSelect),
      field('Page size', sizeSelect),
      h('div', {}, previous, ' ', next)),
    summary,
    message,
    table,
    h('section', { class: 'card' }, h('h2', {}, 'Active sessions over time'), chart)
  );

  const plot = new uPlot(
    {
      width: Math.min(900, main.clientWidth - 40),
      height: 200,
      series: [{}, { label: 'Active sessions', stroke: '#1d4ed8', width: 2, fill: 'rgba(29,78,216,0.1)' }],
      axes: [{}, { label: 'sessions' }],
      scales: { y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.2))] } }
    },
    samples,
    chart
  );

  function draw(): void {
    if (!last) {
      return;
    }
    const rows = last.sessions;
    const head = h('tr', {},
      ...COLUMNS.map(([label, key]) =>
        key === null
          ? h('th', { scope: 'col' }, label)
          : h('th', { scope: 'col', 'aria-sort': key === sort ? (descending ? 'descending' : 'ascending') : null },
            h('button', { type: 'button', onclick: () => { descending = key === sort ? !descending : true; sort = key; restart(true); } }, label))),
      h('th', { scope: 'col' }, 'Registration'));
    const body = rows.map((s) =>
      h('tr', {},
        h('td', {}, s.learnerName ?? s.learnerId, h('div', { class: 'muted' }, s.learnerId)),
        h('td', {}, `${s.assignmentId} / ${s.topicId}`),
        h('td', {}, s.scormVersion.replace('SCORM_', '').replace('_', ' ')),
        h('td', {}, when(s.startedAt)),
        h('td', {}, when(s.lastHeartbeatAt)),
        h('td', {}, duration(s.activeMillis)),
        h('td', {}, status(s)),
        h('td', {}, s.rawScore === null ? '—' : String(s.rawScore)),
        h('td', {}, h('a', { href: `#/registrations/${s.registrationId}` }, 'Open'))));
    const total = `${last.total}${last.totalCapped ? '+' : ''}`;
    table.replaceChildren(
      h('caption', {}, `Page ${cursors.length}, ${rows.length} shown of ${total}`),
      h('thead', {}, head),
      h('tbody', {}, ...(body.length ? body : [h('tr', {}, h('td', { colspan: 9 }, 'No active sessions.'))])));
    previous.disabled = cursors.length === 1;
    next.disabled = last.next === null;
  }

  function query(): string {
    const q = new URLSearchParams({ size: String(size), sort, order: descending ? 'desc' : 'asc' });
    const after = cursors[cursors.length - 1];
    if (after) {
      q.set('after', after);
    }
    for (const [name, value] of [['learner', learnerInput.value.trim()], ['assignmentId', assignmentInput.value.trim()], ['scormVersion', versionSelect.value], ['status', statusSelect.value]]) {
      if (value) {
        q.set(name, value);
      }
    }
    return q.toString();
  }

  async function poll(): Promise<void> {
    try {
      const answer = await api.json<Page>(api.tenantPath(`/sessions/active?${query()}`));
      if (stopped) {
        return;
      }
      last = answer;
      message.replaceChildren();
      summary.textContent = `${last.total}${last.totalCapped ? '+' : ''} active session${last.total === 1 ? '' : 's'} matching as of ${when(last.asOf)} · inactive after ${last.inactiveAfterSeconds} s without a heartbeat`;
      samples[0].push(Date.now() / 1000);
      samples[1].push(last.total);
      if (samples[0].length > 360) {
        samples[0].shift();
        samples[1].shift();
      }
      plot.setData(samples);
      draw();
      announce(`${last.total} active sessions`);
    } catch (e) {
      message.replaceChildren(notice('error', e instanceof ApiError ? e.message : String(e)));
    }
    if (!stopped) {
      timer = window.setTimeout(poll, POLL_MS);
    }
  }

  const refilter = (): void => { window.clearTimeout(debounce); debounce = window.setTimeout(() => restart(true), 300); };
  learnerInput.addEventListener('input', refilter);
  assignmentInput.addEventListener('input', refilter);
  versionSelect.addEventListener('change', () => restart(true));
  statusSelect.addEventListener('change', () => restart(true));
  sizeSelect.addEventListener('change', () => { size = Number(sizeSelect.value); restart(true); });
  previous.addEventListener('click', () => { cursors = cursors.slice(0, -1); restart(false); });
  next.addEventListener('click', () => { if (last?.next) { cursors = [...cursors, last.next]; restart(false); } });

  function restart(fromFirstPage: boolean): void {
    if (fromFirstPage) {
      cursors = [''];
    }
    window.clearTimeout(timer);
    void poll();
  }

  void poll();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    window.clearTimeout(debounce);
    plot.destroy();
  };
}
