// Cohort analytics per assignment: completion and pass rates over time, the score distribution and
// "where is the cohort struggling" per challenge, from lms-sync-service's analytics API (ADR 0028).
// Refreshed every 10 s, so the charts move while learners (or the traffic simulator) work.
import uPlot from 'uplot';
import { ApiError } from '../api';
import { barChart } from '../charts';
import { announce, field, h, notice, when } from '../ui';
import type { Cleanup, Screen } from './context';

export const ANALYTICS_POLL_MS = 10_000;

interface Point {
  at: string;
  registrations: number;
  completed: number;
  passed: number;
  completionRate: number | null;
  passRate: number | null;
}

interface ChallengeRow {
  topicId: string;
  challengeId: string;
  opened: number;
  resolved: number;
  firstTry: number;
  firstTryRate: number | null;
  hints: number;
  averageHints: number | null;
  incorrectAttempts: number;
  averageIncorrectAttempts: number | null;
  timedRegistrations: number;
  medianActiveSeconds: number | null;
  averageActiveSeconds: number | null;
}

interface Analytics {
  assignmentId: string;
  policyVersion: number;
  asOf: string;
  bucket: string;
  totals: { registrations: number; learners: number; completed: number; passed: number; failed: number; averageScore: number | null };
  overTime: Point[];
  scoreDistribution: { from: number; to: number; count: number }[];
  challenges: ChallengeRow[];
}

const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)} %`);
const seconds = (s: number | null): string => (s === null ? '—' : s >= 90 ? `${(s / 60).toFixed(1)} min` : `${Math.round(s)} s`);
const one = (n: number | null): string => (n === null ? '—' : n.toFixed(1));

/** Hardest first: lowest first-try rate, then most incorrect answers; never-opened challenges last. */
export function struggleOrder(rows: ChallengeRow[]): ChallengeRow[] {
  return [...rows].sort((a, b) =>
    (a.firstTryRate ?? 2) - (b.firstTryRate ?? 2) || (b.averageIncorrectAttempts ?? 0) - (a.averageIncorrectAttempts ?? 0));
}

export function analytics({ api, main, params }: Screen): Cleanup {
  const [encoded] = params;
  let assignmentId = encoded ? decodeURIComponent(encoded) : '';
  let bucket = 'hour';
  let timer: number | undefined;
  let stopped = false;
  const plots: uPlot[] = [];

  const picker = h('select', { id: 'analytics-assignment' }, h('option', { value: '' }, 'Choose an assignment'));
  const bucketSelect = h('select', { id: 'analytics-bucket' },
    h('option', { value: 'hour', selected: true }, 'Hours (last 48)'), h('option', { value: 'day' }, 'Days (last 30)'));
  const body = h('div', { id: 'analytics-body' });
  main.replaceChildren(
    h('h1', {}, 'Cohort analytics'),
    h('p', { class: 'muted' }, `Per assignment: how the cohort completes and passes over time, how scores spread, and where it struggles. Every attempt counts; refreshed every ${ANALYTICS_POLL_MS / 1000} s.`),
    h('div', { class: 'toolbar' }, field('Assignment', picker), field('Time axis', bucketSelect)),
    body);

  void api.json<{ items: { assignmentId: string }[] }>(api.tenantPath('/assignments?size=200')).then(
    (page) => {
      const ids = new Set(page.items.map((a) => a.assignmentId));
      if (assignmentId) {
        ids.add(assignmentId);
      }
      picker.replaceChildren(h('option', { value: '' }, 'Choose an assignment'),
        ...[...ids].sort().map((id) => h('option', { value: id, selected: id === assignmentId }, id)));
      if (!assignmentId && ids.size) {
        body.replaceChildren(h('p', {}, 'Choose an assignment to see its cohort.'));
      }
    },
    (e: unknown) => body.replaceChildren(notice('error', e instanceof Error ? e.message : String(e))));
  picker.addEventListener('change', () => { location.hash = `#/analytics/${encodeURIComponent(picker.value)}`; });
  bucketSelect.addEventListener('change', () => { bucket = bucketSelect.value; restart(); });

  function destroyPlots(): void {
    plots.splice(0).forEach((p) => p.destroy());
  }

  function render(a: Analytics): void {
    destroyPlots();
    const t = a.totals;
    const rateOf = (n: number): string => (t.registrations ? percent(n / t.registrations) : '—');
    const overChart = h('div', { class: 'chart', id: 'rates-chart', role: 'img',
      'aria-label': `Completion rate ${rateOf(t.completed)} and pass rate ${rateOf(t.passed)} of ${t.registrations} registrations now` });
    const scoreChart = h('div', { class: 'chart', id: 'scores-chart', role: 'img',
      'aria-label': `Score distribution: ${a.scoreDistribution.map((b) => `${b.from}–${b.to}: ${b.count}`).join(', ')}` });
    const challengeChart = h('div', { class: 'chart', id: 'challenges-chart', role: 'img',
      'aria-label': `First-try rate per challenge: ${a.challenges.map((c) => `${c.challengeId} ${percent(c.firstTryRate)}`).join(', ')}` });
    const hardest = struggleOrder(a.challenges);
    const struggling = hardest.find((c) => c.opened > 0 && (c.firstTryRate ?? 1) < 0.5);
    body.replaceChildren(
      h('p', { class: 'muted', id: 'analytics-as-of' }, `Assignment ${a.assignmentId}, policy version ${a.policyVersion}, as of ${when(a.asOf)}`),
      h('div', { class: 'tiles', id: 'analytics-totals' },
        tile('Registrations', String(t.registrations), `${t.learners} learner${t.learners === 1 ? '' : 's'}`),
        tile('Completed', rateOf(t.completed), `${t.completed}`),
        tile('Passed', rateOf(t.passed), `${t.passed} passed · ${t.failed} failed`),
        tile('Average score', t.averageScore === null ? '—' : String(t.averageScore), 'of those with a score')),
      h('section', { class: 'card' }, h('h2', {}, 'Completion and pass rates over time'), overChart),
      h('section', { class: 'card' }, h('h2', {}, 'Score distribution'), scoreChart),
      h('section', { class: 'card' },
        h('h2', {}, 'Where is the cohort struggling?'),
        struggling
          ? notice('warn', `Hardest: ${struggling.challengeId} (${struggling.topicId}) — ${percent(struggling.firstTryRate)} solve it first try, ${one(struggling.averageIncorrectAttempts)} incorrect answers and ${one(struggling.averageHints)} hints on average.`)
          : null,
        challengeChart,
        h('table', { id: 'challenge-table' },
          h('caption', {}, 'Per challenge, hardest first (lowest first-try rate). Time on task: active time while the learner was in the challenge.'),
          h('thead', {}, h('tr', {}, ...['Challenge', 'Topic', 'Opened', 'Resolved', 'First try', 'Hints / learner', 'Incorrect / learner', 'Median time', 'Mean time']
            .map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...hardest.map((c) => h('tr', {},
            h('th', { scope: 'row' }, c.challengeId),
            h('td', {}, c.topicId),
            h('td', {}, String(c.opened)),
            h('td', {}, String(c.resolved)),
            h('td', {}, percent(c.firstTryRate)),
            h('td', {}, one(c.averageHints)),
            h('td', {}, one(c.averageIncorrectAttempts)),
            h('td', {}, seconds(c.medianActiveSeconds)),
            h('td', {}, seconds(c.averageActiveSeconds))))))));
    const width = main.clientWidth - 60;
    const xs = a.overTime.map((p) => Date.parse(p.at) / 1000);
    plots.push(new uPlot({
      width: Math.max(320, Math.min(900, width)),
      height: 240,
      series: [{},
        { label: 'Completion rate %', stroke: '#15803d', width: 2 },
        { label: 'Pass rate %', stroke: '#1d4ed8', width: 2 },
        { label: 'Registrations', stroke: '#6b7280', dash: [4, 4], scale: 'count' }],
      scales: { y: { range: [0, 100] }, count: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.1))] } },
      axes: [{}, { label: '%' }, { scale: 'count', side: 1, label: 'registrations', grid: { show: false } }]
    }, [xs,
      a.overTime.map((p) => (p.completionRate === null ? null : p.completionRate * 100)),
      a.overTime.map((p) => (p.passRate === null ? null : p.passRate * 100)),
      a.overTime.map((p) => p.registrations)] as uPlot.AlignedData, overChart));
    const deciles = a.scoreDistribution.map((b) => `${b.from}–${b.to}`);
    plots.push(barChart(scoreChart, deciles, { label: 'registrations', values: a.scoreDistribution.map((b) => b.count), color: '#7c3aed' }, width));
    if (a.challenges.length) {
      const ids = a.challenges.map((c) => c.challengeId);
      plots.push(barChart(challengeChart, ids,
        { label: 'first-try rate %', values: a.challenges.map((c) => Math.round((c.firstTryRate ?? 0) * 100)), color: '#15803d' },
        width,
        [{ label: 'incorrect / learner', values: a.challenges.map((c) => c.averageIncorrectAttempts ?? 0), color: '#b91c1c' },
          { label: 'hints / learner', values: a.challenges.map((c) => c.averageHints ?? 0), color: '#b45309' }],
        [0, 100]));
    }
    announce(`Cohort analytics: ${t.registrations} registrations, ${t.completed} completed`);
  }

  async function poll(): Promise<void> {
    if (!assignmentId) {
      return;
    }
    try {
      const answer = await api.json<Analytics>(
        api.tenantPath(`/assignments/${encodeURIComponent(assignmentId)}/analytics?bucket=${bucket}`));
      if (!stopped) {
        render(answer);
      }
    } catch (e) {
      destroyPlots();
      body.replaceChildren(notice('error', e instanceof ApiError && e.status === 404 ? `No assignment ${assignmentId} in this tenant.` : e instanceof Error ? e.message : String(e)));
    }
    if (!stopped) {
      timer = window.setTimeout(poll, ANALYTICS_POLL_MS);
    }
  }

  function restart(): void {
    window.clearTimeout(timer);
    void poll();
  }

  void poll();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    destroyPlots();
  };
}

function tile(label: string, value: string, detail: string): HTMLElement {
  return h('div', { class: 'tile' }, h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value' }, value), h('div', { class: 'muted' }, detail));
}
