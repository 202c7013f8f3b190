// Health: what lms-sync-service exposes today (its actuator health and its commit metrics), and a
// clear list of what the console cannot show yet.
import type uPlot from 'uplot';
import { barChart } from '../charts';
import { h, notice } from '../ui';
import type { Cleanup, Screen } from './context';

/** Sums of a Prometheus counter per value of one label, e.g. acknowledgements per outcome. */
export function counters(text: string, metric: string, label: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric)) {
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+([0-9.eE+-]+|NaN)/.exec(line);
    if (!match || match[1] !== metric) {
      continue;
    }
    const labels = match[3] ?? '';
    const value = new RegExp(`${label}="([^"]*)"`).exec(labels)?.[1] ?? 'all';
    sums.set(value, (sums.get(value) ?? 0) + Number(match[4]));
  }
  return sums;
}

export function health({ main }: Screen): Cleanup {
  let plot: uPlot | null = null;
  main.replaceChildren(h('h1', {}, 'Health'), h('p', {}, 'Loading…'));
  void load();
  return () => plot?.destroy();

  async function load(): Promise<void> {
    const status = await fetch('/actuator/health').then(
      async (r) => ((await r.json()) as { status?: string }).status ?? `HTTP ${r.status}`,
      () => 'unreachable'
    );
    const metrics = await fetch('/actuator/prometheus').then((r) => (r.ok ? r.text() : ''), () => '');
    const acks = counters(metrics, 'learnpulse_lmssync_commit_acks_total', 'outcome');
    const deliveries = counters(metrics, 'learnpulse_lmssync_commit_deliveries_total', 'result');
    const chart = h('div', { class: 'chart', role: 'img', 'aria-label': `Commit acknowledgements by outcome: ${[...acks].map(([k, v]) => `${k} ${v}`).join(', ') || 'none yet'}` });
    main.replaceChildren(
      h('h1', {}, 'Health'),
      h('section', { class: 'card' }, h('h2', {}, 'lms-sync-service'),
        h('p', {}, 'Status: ', h('strong', { id: 'health-status', class: `badge ${status === 'UP' ? 'ok' : 'bad'}` }, status))),
      h('section', { class: 'card' }, h('h2', {}, 'Commit acknowledgements by outcome'),
        h('p', { class: 'muted' }, 'Counted by this lms-sync instance since it started, all tenants together (the service exposes no per-tenant figures).'),
        acks.size
          ? h('table', { id: 'ack-table' },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Outcome'), h('th', { scope: 'col' }, 'Acknowledgements'))),
              h('tbody', {}, ...[...acks].map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, String(v))))))
          : h('p', {}, 'No acknowledgements counted yet.'),
        acks.size ? chart : null,
        deliveries.size ? h('p', {}, `Commit deliveries to bridges: ${[...deliveries.values()].reduce((a, b) => a + b, 0)}`) : null),
      h('section', { class: 'card', id: 'not-available' }, h('h2', {}, 'Not available yet'),
        notice('warn', 'These need endpoints or metrics the services do not expose to the console yet:'),
        h('ul', {},
          h('li', {}, 'Consumer lag per service and topic'),
          h('li', {}, 'Dead-letter counts'),
          h('li', {}, 'LRS delivery state per tenant (xapi-emitter)'),
          h('li', {}, 'Health of ingest-service, scoring-service and xapi-emitter (other origins)'),
          h('li', {}, 'Per-tenant commit failures'))));
    if (acks.size) {
      const keys = [...acks.keys()];
      plot = barChart(chart, keys, { label: 'acknowledgements', values: keys.map((k) => acks.get(k) ?? 0), color: '#1d4ed8' }, main.clientWidth - 60);
    }
  }
}
