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
  asOf: string;
  inactiveAfterSeconds: number;
  sessions: ActiveSession[];
}

type SortKey = 'learner' | 'assignment' | 'scormVersion' | 'startedAt' | 'lastHeartbeatAt' | 'activeMillis' | 'status' | 'rawScore';

const COLUMNS: [SortKey, string][] = [
  ['learner', 'Learner'],
  ['assignment', 'Assignment / topic'],
  ['scormVersion', 'SCORM version'],
  ['startedAt', 'Started'],
  ['lastHeartbeatAt', 'Last heartbeat'],
  ['activeMillis', 'Active time'],
  ['status', 'Status'],
  ['rawScore', 'Score']
];

function status(s: ActiveSession): string {
  if (s.scormVersion === 'SCORM_12') {
    return s.lessonStatus ?? 'not attempted';
  }
  return `${s.completionStatus ?? 'unknown'} / ${s.successStatus ?? 'unknown'}`;
}

function sortValue(s: ActiveSession, key: SortKey): string | number {
  switch (key) {
    case 'learner':
      return (s.learnerName ?? s.learnerId).toLowerCase();
    case 'assignment':
      return `${s.assignmentId}/${s.topicId}`;
    case 'status':
      return status(s);
    case 'rawScore':
      return s.rawScore ?? -1;
    case 'activeMillis':
      return s.activeMillis;
    default:
      return s[key] ?? '';
  }
}

export function activeSessions({ api, main }: Screen): Cleanup {
  let page = 0;
  let size = 50;
  let filter = '';
  let sort: SortKey = 'lastHeartbeatAt';
  let descending = true;
  let last: Page | null = null;
  let timer: number | undefined;
  let stopped = false;
  const samples: [number[], number[]] = [[], []];

  const filterInput = h('input', { type: 'search', id: 'session-filter', placeholder: 'learner, assignment, status' });
  const sizeSelect = h('select', { id: 'session-size' }, ...[25, 50, 100, 250].map((n) => h('option', { value: n, selected: n === size }, String(n))));
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const summary = h('p', { class: 'muted', id: 'session-summary' }, 'Loading…');
  const message = h('div');
  const table = h('table', { id: 'sessions-table' });
  const chart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Active sessions over the time this page is open' });

  main.replaceChildren(
    h('h1', {}, 'SCORM → Active Sessions'),
    h('p', { class: 'muted' }, `Live: refreshed every ${POLL_MS / 1000} s. A session is active while heartbeats arrive (see "inactive after" below). Filter and sort act on the loaded page; the API pages by last heartbeat, newest first.`),
    h('div', { class: 'toolbar' },
      field('Filter', filterInput),
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
    const text = filter.toLowerCase();
    const rows = last.sessions
      .filter((s) =>
        !text ||
        [s.learnerId, s.learnerName ?? '', s.assignmentId, s.topicId, s.scormVersion, status(s)].some((v) => v.toLowerCase().includes(text))
      )
      .sort((a, b) => {
        const x = sortValue(a, sort);
        const y = sortValue(b, sort);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
    const head = h('tr', {},
      ...COLUMNS.map(([key, label]) =>
        h('th', { scope: 'col', 'aria-sort': key === sort ? (descending ? 'descending' : 'ascending') : null },
          h('button', { type: 'button', onclick: () => { descending = key === sort ? !descending : false; sort = key; draw(); } }, label))),
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
    table.replaceChildren(
      h('caption', {}, `Page ${last.page + 1} of ${Math.max(1, Math.ceil(last.total / last.size))}, ${rows.length} shown`),
      h('thead', {}, head),
      h('tbody', {}, ...(body.length ? body : [h('tr', {}, h('td', { colspan: 9 }, 'No active sessions.'))])));
    previous.disabled = last.page === 0;
    next.disabled = (last.page + 1) * last.size >= last.total;
  }

  async function poll(): Promise<void> {
    try {
      const answer = await api.json<Page>(api.tenantPath(`/sessions/active?page=${page}&size=${size}`));
      if (stopped) {
        return;
      }
      last = answer;
      message.replaceChildren();
      summary.textContent = `${last.total} active session${last.total === 1 ? '' : 's'} as of ${when(last.asOf)} · inactive after ${last.inactiveAfterSeconds} s without a heartbeat`;
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

  filterInput.addEventListener('input', () => { filter = filterInput.value; draw(); });
  sizeSelect.addEventListener('change', () => { size = Number(sizeSelect.value); page = 0; restart(); });
  previous.addEventListener('click', () => { page = Math.max(0, page - 1); restart(); });
  next.addEventListener('click', () => { page += 1; restart(); });

  function restart(): void {
    window.clearTimeout(timer);
    void poll();
  }

  void poll();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    plot.destroy();
  };
}
