// Charts over categories with uPlot (the x axis is the category's index): one series as bars on
// the left axis, further series as markers on a right "count" axis, so nothing overlaps.
import uPlot from 'uplot';

export interface CategorySeries {
  label: string;
  values: number[];
  color: string;
}

export function barChart(
  target: HTMLElement,
  categories: string[],
  bars: CategorySeries,
  width: number,
  counts: CategorySeries[] = [],
  barRange?: [number, number]
): uPlot {
  const noPath: uPlot.Series.PathBuilder = () => null;
  return new uPlot(
    {
      width: Math.max(320, Math.min(760, width)),
      height: 220,
      series: [
        { label: 'Category', value: (_u, i) => (i === null ? '—' : categories[i] ?? '') },
        { label: bars.label, stroke: bars.color, fill: `${bars.color}99`, paths: uPlot.paths.bars!({ size: [0.6, 60] }), points: { show: false } },
        // Markers shrink series by series so equal counts stay visible as concentric dots.
        ...counts.map((s, i) => ({ label: s.label, stroke: s.color, scale: 'count', paths: noPath, points: { show: true, size: 16 - 6 * i, fill: s.color } }))
      ],
      scales: {
        x: { time: false, range: [-0.5, categories.length - 0.5] },
        y: { range: (_u, _min, max) => barRange ?? [0, Math.max(1, max)] },
        count: { range: (_u, _min, max) => [0, Math.max(3, max + 1)] } },
      axes: [
        { values: (_u, splits) => splits.map((i) => categories[i] ?? ''), splits: () => categories.map((_c, i) => i) },
        { label: bars.label },
        ...(counts.length ? [{ scale: 'count', side: 1, label: 'count', grid: { show: false } }] : [])
      ]
    },
    [categories.map((_c, i) => i), bars.values, ...counts.map((s) => s.values)],
    target
  );
}
