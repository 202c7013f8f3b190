// Registration: scoring's status, the challenges, the sessions, the timeline of the commits
// handed to the LMS with their acknowledgements, LMS error codes and read-back values, and its xAPI
// delivery (what the tenant's LRS holds for it, read by lms-sync server-side; ADR 0031).
import type uPlot from 'uplot';
import { ApiError } from '../api';
import { barChart } from '../charts';
import { dl, duration, field, h, notice, when } from '../ui';
import type { Cleanup, Screen } from './context';

interface RegistrationView {
  registrationId: string;
  assignmentId: string;
  topicId: string;
  learnerId: string;
  learnerName: string | null;
  scormVersion: string;
  activeMillis: number;
  bookmark: Record<string, unknown> | null;
  status: { completionStatus: string | null; successStatus: string | null; lessonStatus: string | null; rawScore: number | null; policyVersion: number | null } | null;
  challenges: unknown;
  sessions: { sessionId: string; entry: string; state: string; active: boolean; startedAt: string; lastHeartbeatAt: string | null; endedAt: string | null; activeMillis: number; lastCommitSequence: number }[];
}

interface HistoryEntry {
  sessionId: string;
  sequence: number;
  createdAt: string;
  policyVersion: number | null;
  /** Why the commit was written when not for a changed value: launch, policy change, regression rule. */
  reason: string | null;
  elements: Record<string, string>;
  deliveryCount: number;
  lastDeliveredAt: string | null;
  ackedAt: string | null;
  outcome: string | null;
  ok: boolean | null;
  lmsErrorCode: string | null;
  lmsErrorString: string | null;
  lmsErrorElement: string | null;
  readBack: Record<string, string> | null;
}

interface XapiDelivery {
  registrationId: string;
  xapiRegistration: string;
  state: 'not-configured' | 'delivered' | 'lrs-unreachable' | 'lrs-refused';
  endpointHost: string | null;
  lrsStatus: number | null;
  reason: string | null;
  count: number;
  truncated: boolean;
  statements: { id: string; verbId: string | null; verbDisplay: string | null; objectId: string | null; timestamp: string | null; stored: string | null }[];
  delivery: { source: string; state: string | null; backlog: number | null; reason: string | null } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registration({ api, main, params }: Screen): Cleanup {
  const id = params[0] ? decodeURIComponent(params[0]) : '';
  const input = h('input', { id: 'registration-id', value: id, size: 40, required: true, pattern: UUID.source.slice(1, -1) });
  const form = h('form', { class: 'toolbar' }, field('Registration id', input, 'A UUID, e.g. from Active Sessions.'), h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/registrations/${encodeURIComponent(input.value.trim())}`;
  });
  const body = h('div', { id: 'registration-body' });
  main.replaceChildren(h('h1', {}, 'Registration'), form, body);
  const charts: uPlot[] = [];
  if (id) {
    if (!UUID.test(id)) {
      body.replaceChildren(notice('error', 'A registration id is a UUID.'));
    } else {
      void load(api, id, body, charts);
    }
  }
  return () => charts.forEach((c) => c.destroy());
}

function table(headers: string[], rows: HTMLElement[], id?: string): HTMLElement {
  return h('table', { id },
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: headers.length }, 'None.'))])));
}

function challengeRows(challenges: unknown): HTMLElement[] {
  if (!Array.isArray(challenges)) {
    return [];
  }
  return challenges.map((c: Record<string, unknown>) =>
    h('tr', {},
      h('td', {}, String(c.challengeId ?? '')),
      h('td', {}, c.resolved ? 'resolved' : c.reviewed ? 'reviewed' : c.opened ? 'opened' : 'not opened'),
      h('td', {}, c.correctOnFirstTry ? 'yes' : 'no'),
      h('td', {}, String(c.hints ?? 0)),
      h('td', {}, String(c.incorrectAttempts ?? 0)),
      h('td', {}, c.score === null || c.score === undefined ? '—' : String(c.score))));
}

function elements(values: Record<string, string> | null): HTMLElement {
  if (!values || Object.keys(values).length === 0) {
    return h('span', { class: 'muted' }, '—');
  }
  return dl(Object.entries(values).map(([k, v]) => [k, v]));
}

async function load(api: Screen['api'], id: string, body: HTMLElement, charts: uPlot[]): Promise<void> {
  body.replaceChildren(h('p', {}, 'Loading…'));
  try {
    const [view, history] = await Promise.all([
      api.json<RegistrationView>(api.tenantPath(`/registrations/${id}`)),
      api.json<{ commits: HistoryEntry[] }>(api.tenantPath(`/registrations/${id}/commits?limit=200`))
    ]);
    const s = view.status;
    const xapiSection = h('section', { class: 'card', id: 'xapi-delivery', 'aria-busy': 'true' }, h('h2', {}, 'xAPI delivery'), h('p', {}, 'Asking the LRS…'));
    const rows = Array.isArray(view.challenges) ? (view.challenges as Record<string, unknown>[]) : [];
    const chart = h('div', {
      class: 'chart',
      role: 'img',
      'aria-label': `Per challenge: ${rows.map((c) => `${String(c.challengeId)} score ${c.score ?? 'none'}, ${c.hints ?? 0} hints, ${c.incorrectAttempts ?? 0} incorrect`).join('; ') || 'no challenges yet'}`
    });
    body.replaceChildren(
      h('section', { class: 'card' }, h('h2', {}, 'Status'),
        dl([
          ['Learner', `${view.learnerName ?? ''} (${view.learnerId})`],
          ['Assignment / topic', `${view.assignmentId} / ${view.topicId}`],
          ['SCORM version', view.scormVersion],
          ['Completion / success', s ? `${s.completionStatus ?? '—'} / ${s.successStatus ?? '—'}` : 'no status yet'],
          ['SCORM 1.2 lesson status', s?.lessonStatus ?? '—'],
          ['Score', s?.rawScore === null || s?.rawScore === undefined ? '—' : String(s.rawScore)],
          ['Policy version', s?.policyVersion === null || s?.policyVersion === undefined ? '—' : String(s.policyVersion)],
          ['Active time', duration(view.activeMillis)]
        ])),
      h('section', { class: 'card' }, h('h2', {}, 'Challenges'),
        table(['Challenge', 'State', 'First try', 'Hints', 'Incorrect attempts', 'Score'], challengeRows(view.challenges), 'challenges-table'),
        rows.length ? chart : null),
      h('section', { class: 'card' }, h('h2', {}, 'Sessions'),
        table(['Session', 'Entry', 'State', 'Started', 'Last heartbeat', 'Ended', 'Active time'],
          view.sessions.map((x) => h('tr', {},
            h('td', {}, x.sessionId.slice(0, 8), x.active ? h('span', { class: 'badge ok' }, ' active') : null),
            h('td', {}, x.entry), h('td', {}, x.state), h('td', {}, when(x.startedAt)),
            h('td', {}, when(x.lastHeartbeatAt)), h('td', {}, when(x.endedAt)), h('td', {}, duration(x.activeMillis)))),
          'sessions-of-registration')),
      h('section', { class: 'card' }, h('h2', {}, 'Commits to the LMS'),
        h('p', { class: 'muted' }, 'Newest first: what LearnPulse handed to the bridge in the LMS, whether the LMS acknowledged it, its error code and what the bridge read back.'),
        history.commits.length
          ? h('ol', { class: 'timeline', id: 'commit-timeline' }, ...history.commits.map(commitItem))
          : h('p', { id: 'commit-timeline' }, 'No commits yet.')),
      xapiSection);
    void loadXapi(api, id, xapiSection);
    if (rows.length) {
      const names = rows.map((c) => String(c.challengeId));
      charts.push(barChart(chart, names, { label: 'Score', values: rows.map((c) => Number(c.score ?? 0)), color: '#1d4ed8' }, body.clientWidth - 60, [
        { label: 'Hints', values: rows.map((c) => Number(c.hints ?? 0)), color: '#b45309' },
        { label: 'Incorrect attempts', values: rows.map((c) => Number(c.incorrectAttempts ?? 0)), color: '#b91c1c' }
      ], [0, 100]));
    }
  } catch (e) {
    const text = e instanceof ApiError && e.status === 404 ? 'No such registration in your tenant.' : e instanceof Error ? e.message : String(e);
    body.replaceChildren(notice('error', text));
  }
}

function commitItem(c: HistoryEntry): HTMLElement {
  const outcome = c.ackedAt
    ? h('span', { class: `badge ${c.ok === false ? 'bad' : 'ok'}` }, c.outcome ?? (c.ok === false ? 'failed' : 'acknowledged'))
    : h('span', { class: 'badge' }, c.deliveryCount > 0 ? 'delivered, not acknowledged' : 'waiting for the bridge');
  return h('li', {},
    h('strong', {}, `#${c.sequence}`), ' ', when(c.createdAt), ' ', outcome,
    c.reason ? h('div', { class: 'reason' }, c.reason) : null,
    h('div', { class: 'muted' }, `session ${c.sessionId.slice(0, 8)} · policy v${c.policyVersion ?? '—'} · delivered ${c.deliveryCount}× · acknowledged ${when(c.ackedAt)}`),
    c.lmsErrorCode && c.lmsErrorCode !== '0'
      ? notice('error', `LMS error ${c.lmsErrorCode}${c.lmsErrorString ? `: ${c.lmsErrorString}` : ''}${c.lmsErrorElement ? ` (${c.lmsErrorElement})` : ''}`)
      : null,
    h('details', {}, h('summary', {}, 'Values sent and read back'),
      h('h3', {}, 'Sent'), elements(c.elements),
      h('h3', {}, 'Read back'), elements(c.readBack)));
}

/** The registration's statements in the tenant's LRS, loaded on its own: the LRS may be slow. */
async function loadXapi(api: Screen['api'], id: string, section: HTMLElement): Promise<void> {
  const title = h('h2', {}, 'xAPI delivery');
  const retry = h('button', { type: 'button', id: 'xapi-retry' }, 'Ask the LRS again');
  retry.addEventListener('click', () => {
    section.setAttribute('aria-busy', 'true');
    section.replaceChildren(title, h('p', {}, 'Asking the LRS…'));
    void loadXapi(api, id, section);
  });
  let view: XapiDelivery;
  try {
    view = await api.json<XapiDelivery>(api.tenantPath(`/registrations/${id}/xapi`));
  } catch (e) {
    section.setAttribute('aria-busy', 'false');
    section.replaceChildren(title, notice('error', e instanceof Error ? e.message : String(e)), retry);
    return;
  }
  section.setAttribute('aria-busy', 'false');
  const about = h('p', { class: 'muted' }, `What the tenant's LRS${view.endpointHost ? ` (${view.endpointHost})` : ''} holds for this registration (xAPI registration `, h('code', {}, view.xapiRegistration), '), asked now by LearnPulse.');
  const delivery = view.delivery && view.delivery.source === 'xapi-emitter'
    ? h('p', { id: 'xapi-emitter-state' }, 'The tenant\'s delivery: ', h('span', { class: `badge ${view.delivery.state === 'ACTIVE' || view.delivery.state === 'IDLE' ? 'ok' : 'bad'}` }, view.delivery.state ?? '—'),
      view.delivery.backlog ? ` · ${view.delivery.backlog} waiting` : '', view.delivery.reason ? ` · ${view.delivery.reason}` : '', ' (', h('a', { href: '#/health' }, 'Health'), ')')
    : null;
  switch (view.state) {
    case 'not-configured':
      section.replaceChildren(title, h('p', { id: 'xapi-state' }, 'No LRS is configured for this tenant: no xAPI statements are sent. ', h('a', { href: '#/lrs' }, 'LRS settings')));
      return;
    case 'lrs-unreachable':
    case 'lrs-refused': {
      const what = view.state === 'lrs-refused'
        ? `The LRS refused the request${view.lrsStatus ? ` (HTTP ${view.lrsStatus})` : ''}`
        : `The LRS could not be reached${view.lrsStatus ? ` (HTTP ${view.lrsStatus})` : ''}`;
      section.replaceChildren(title, about, h('div', { id: 'xapi-state' }, notice('error', `${what}${view.reason ? `: ${view.reason}` : ''}.`)), ...(delivery ? [delivery] : []), retry);
      return;
    }
    default: {
      const summary = h('p', { id: 'xapi-state' }, h('span', { class: 'badge ok' }, 'delivered'), ` ${view.count} statement${view.count === 1 ? '' : 's'} in the LRS`,
        view.truncated ? ` — only the first ${view.count} shown${view.reason ? ` (${view.reason})` : ''}` : '', '.');
      const rows = view.statements.map((st) => h('tr', {},
        h('td', {}, when(st.timestamp)),
        h('td', {}, h('span', { title: st.verbId ?? '' }, st.verbDisplay ?? st.verbId ?? '—')),
        h('td', {}, st.objectId ?? '—'),
        h('td', {}, when(st.stored)),
        h('td', {}, h('code', {}, st.id.slice(0, 8)))));
      section.replaceChildren(title, about, summary, ...(delivery ? [delivery] : []),
        view.count ? table(['Time', 'Verb', 'Object', 'Stored', 'Statement'], rows, 'xapi-statements') : h('p', {}, 'The LRS holds no statement for this registration yet.'),
        retry);
    }
  }
}
