// Registration: scoring's status, the challenges, the sessions and the timeline of the commits
// handed to the LMS with their acknowledgements, LMS error codes and read-back values.
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
        h('p', { class: 'muted' }, 'Newest first: what LearnPulse handed to the bridge in the LMS, whether the LMS acknowledged it, its error code and what the bridge read back. xAPI delivery per registration is not exposed by the admin API yet.'),
        history.commits.length
          ? h('ol', { class: 'timeline', id: 'commit-timeline' }, ...history.commits.map(commitItem))
          : h('p', { id: 'commit-timeline' }, 'No commits yet.')));
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
