// Health: lms-sync-service's health, the tenant's commit outcomes, its LRS delivery state (as
// xapi-emitter reports it) and the platform-wide pipeline figures (consumer lag, dead letters), all
// from the admin API (ADR 0028).
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

/** The admin API's health view of the tenant (HealthAdminController). */
interface TenantHealth {
  lrs: {
    configured: boolean;
    enabled: boolean;
    endpointHost: string | null;
    delivery: { source: string; state: string | null; backlog: number | null; inFlight: number | null; parked: number | null; dropped: number | null; reason: string | null } | null;
  };
  pipeline: {
    asOf: string;
    error: string | null;
    consumerGroups: { group: string; lag: number | null; partitions: number; state: string }[];
    deadLetters: { topic: string; source: string; records: number | null }[];
  };
}

function lrsCard(view: TenantHealth | null): HTMLElement {
  const title = h('h2', {}, 'LRS delivery (xAPI)');
  if (view === null) {
    return h('section', { class: 'card', id: 'lrs-health' }, title, notice('warn', 'The LRS state could not be loaded.'));
  }
  const { lrs } = view;
  const d = lrs.delivery;
  const good = d?.state === 'ACTIVE' || d?.state === 'IDLE';
  return h('section', { class: 'card', id: 'lrs-health' }, title,
    h('p', { class: 'muted' }, 'Your tenant only: the state xapi-emitter reports for your LRS.'),
    !lrs.configured
      ? h('p', {}, 'No LRS is configured: no xAPI statements are sent. ', h('a', { href: '#/lrs' }, 'LRS settings'))
      : !lrs.enabled
        ? h('p', {}, `LRS ${lrs.endpointHost ?? ''} is configured but disabled: no statements are sent.`)
        : d === null || d.source !== 'xapi-emitter'
          ? notice('warn', `Delivery state unavailable: ${d?.reason ?? 'unknown'}`)
          : h('dl', { class: 'pairs' },
              h('dt', {}, 'LRS'), h('dd', {}, lrs.endpointHost ?? '—'),
              h('dt', {}, 'State'), h('dd', {}, h('strong', { id: 'lrs-state', class: `badge ${good ? 'ok' : 'bad'}` }, d.state ?? '—')),
              h('dt', {}, 'Backlog'), h('dd', {}, `${d.backlog ?? 0} statements (${d.inFlight ?? 0} in flight)`),
              h('dt', {}, 'Parked / dropped'), h('dd', {}, `${d.parked ?? 0} / ${d.dropped ?? 0}`),
              h('dt', {}, 'Reason'), h('dd', {}, d.reason ?? '—')));
}

function pipelineCard(view: TenantHealth | null): HTMLElement {
  const title = h('h2', {}, 'Pipeline (all tenants together)');
  if (view === null) {
    return h('section', { class: 'card', id: 'pipeline' }, title, notice('warn', 'The pipeline figures could not be loaded.'));
  }
  const p = view.pipeline;
  return h('section', { class: 'card', id: 'pipeline' }, title,
    h('p', { class: 'muted' }, `Numbers only, the same for every tenant: how far each service's consumers are behind, and how many poison records wait in the dead-letter topics. As of ${new Date(p.asOf).toLocaleTimeString()}.`),
    p.error ? notice('warn', p.error) : null,
    h('table', { id: 'lag-table' },
      h('caption', {}, 'Consumer lag (records behind the end of the topics)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Consumer group'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Partitions'), h('th', { scope: 'col' }, 'Lag'))),
      h('tbody', {}, ...p.consumerGroups.map((g) => h('tr', {}, h('td', {}, g.group), h('td', {}, g.state === 'NOT_FOUND' ? 'not known to the brokers (not started?)' : g.state), h('td', {}, String(g.partitions)), h('td', {}, g.lag === null ? 'no offsets yet' : String(g.lag)))))),
    h('table', { id: 'dlt-table' },
      h('caption', {}, 'Dead-letter topics (offsets held: records, plus transaction markers where written transactionally)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Dead-letter topic'), h('th', { scope: 'col' }, 'Of'), h('th', { scope: 'col' }, 'Records'))),
      h('tbody', {}, ...p.deadLetters.map((t) => h('tr', {}, h('td', {}, t.topic), h('td', {}, t.source), h('td', {}, t.records === null ? 'not created' : String(t.records)))))));
}

export function health({ api, main }: Screen): Cleanup {
  let plot: uPlot | null = null;
  main.replaceChildren(h('h1', {}, 'Health'), h('p', {}, 'Loading…'));
  void load();
  return () => plot?.destroy();

  async function load(): Promise<void> {
    const status = await fetch('/healthz').then(
      async (r) => ((await r.json()) as { status?: string }).status ?? `HTTP ${r.status}`,
      () => 'unreachable'
    );
    const report = await api
      .json<Outcomes>(api.tenantPath('/commits/outcomes?hours=24'))
      .catch(() => null);
    const view = await api.json<TenantHealth>(api.tenantPath('/health')).catch(() => null);
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
      lrsCard(view),
      pipelineCard(view),
      h('section', { class: 'card', id: 'not-available' }, h('h2', {}, 'Not shown here'),
        h('p', { class: 'muted' }, 'The health of ingest-service, scoring-service and xapi-emitter themselves is on their own origins (their probes); a service that stops shows here as growing consumer lag.')));
    if (total) {
      const keys = [...acks.keys()];
      plot = barChart(chart, keys, { label: 'commits', values: keys.map((k) => acks.get(k) ?? 0), color: '#1d4ed8' }, main.clientWidth - 60);
    }
  }
}
