// Health: lms-sync-service's health and the tenant's commit outcomes from the admin API, and a
// clear list of what the console cannot show yet.
import type uPlot from 'uplot';
import { barChart } from '../charts';
import { h, notice } from '../ui';
import type { Cleanup, Screen } from './context';

/** The tenant's commit outcomes, as lms-sync-service's admin API reports them. */
interface Outcomes {
  since: string;
  outcomes: Record<string, number>;
  lmsErrors: { code: string | null; element: string | null; count: number }[];
}

export function health({ api, main }: Screen): Cleanup {
  let plot: uPlot | null = null;
  main.replaceChildren(h('h1', {}, 'Health'), h('p', {}, 'Loading…'));
  void load();
  return () => plot?.destroy();

  async function load(): Promise<void> {
    const status = await fetch('/actuator/health').then(
      async (r) => ((await r.json()) as { status?: string }).status ?? `HTTP ${r.status}`,
      () => 'unreachable'
    );
    const report = await api
      .json<Outcomes>(api.tenantPath('/commits/outcomes?hours=24'))
      .catch(() => null);
    const acks = new Map<string, number>(Object.entries(report?.outcomes ?? {}));
    const total = [...acks.values()].reduce((a, b) => a + b, 0);
    const chart = h('div', { class: 'chart', role: 'img', 'aria-label': `Commit acknowledgements by outcome: ${[...acks].map(([k, v]) => `${k} ${v}`).join(', ') || 'none yet'}` });
    main.replaceChildren(
      h('h1', {}, 'Health'),
      h('section', { class: 'card' }, h('h2', {}, 'lms-sync-service'),
        h('p', {}, 'Status: ', h('strong', { id: 'health-status', class: `badge ${status === 'UP' ? 'ok' : 'bad'}` }, status))),
      h('section', { class: 'card' }, h('h2', {}, 'Commits to your LMS by outcome, last 24 hours'),
        h('p', { class: 'muted' }, 'Your tenant only: how the LMS acknowledged each commit the bridge applied (pending = not acknowledged yet).'),
        report === null
          ? notice('warn', 'The commit outcomes could not be loaded.')
          : h('table', { id: 'ack-table' },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Outcome'), h('th', { scope: 'col' }, 'Commits'))),
              h('tbody', {}, ...[...acks].map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, String(v)))))),
        total ? chart : null,
        report && report.lmsErrors.length
          ? h('table', { id: 'lms-errors' },
              h('caption', {}, 'Most frequent LMS errors'),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'LMS error code'), h('th', { scope: 'col' }, 'Element'), h('th', { scope: 'col' }, 'Commits'))),
              h('tbody', {}, ...report.lmsErrors.map((e) => h('tr', {}, h('td', {}, e.code ?? '—'), h('td', {}, e.element ?? '—'), h('td', {}, String(e.count))))))
          : null),
      h('section', { class: 'card', id: 'not-available' }, h('h2', {}, 'Not available yet'),
        notice('warn', 'These need endpoints or metrics the services do not expose to the console yet:'),
        h('ul', {},
          h('li', {}, 'Consumer lag per service and topic'),
          h('li', {}, 'Dead-letter counts'),
          h('li', {}, 'LRS delivery state per tenant (xapi-emitter)'),
          h('li', {}, 'Health of ingest-service, scoring-service and xapi-emitter (other origins)'))));
    if (total) {
      const keys = [...acks.keys()];
      plot = barChart(chart, keys, { label: 'commits', values: keys.map((k) => acks.get(k) ?? 0), color: '#1d4ed8' }, main.clientWidth - 60);
    }
  }
}
