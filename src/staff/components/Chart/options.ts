/**
 * What a chart shows, as plain data (so a change is easy to detect and to test), and how it becomes
 * uCharts options. Pure: no Taro, no canvas.
 */
import { color } from '../../../styles/tokens';

export interface ChartSeries {
  /** The legend's word: 本月, 上月, 目标. */
  name: string;
  /** One value per category; null where there is none (no bar, no label). */
  data: readonly (number | null)[];
  /** Columns by default; `marker` draws a dot per category (a target over its bars). */
  kind?: 'column' | 'marker';
}

export type ChartSpec =
  | {
      type: 'column';
      categories: readonly string[];
      series: readonly ChartSeries[];
      /** How values read on the axis and labels: percentages (0–100) or yuan (shortened to 万). */
      unit: '%' | '元';
    }
  | {
      type: 'ring';
      slices: readonly { name: string; value: number; label: string }[];
      /** Written inside the ring, e.g. "100 人" over "会员". */
      centre?: { title: string; subtitle: string };
    };

export interface CanvasSize {
  /** Device pixels (CSS size × pixel ratio), as uCharts draws with canvas2d. */
  width: number;
  height: number;
  pixelRatio: number;
}

/** This month in the brand green, last month in the lighter green the old bars used, target dots in red. */
export const SERIES_COLORS = [color.primary, '#9cc8ab', color.warning] as const;
export const MARKER_COLOR = color.negative;
/** Tier slices from light to dark green, so the higher tiers read as "more". */
export const SLICE_COLORS = ['#b9dcc5', '#6fae87', color.primary, '#1d4f32', color.warning] as const;

const FONT_SIZE = 11;
const COLUMN = { width: 20, seriesGap: 2, categoryGap: 6 };

/** Nothing to draw: no category, or no value at all. */
export function isEmptyChart(spec: ChartSpec): boolean {
  if (spec.type === 'ring') return !spec.slices.some((s) => s.value > 0);
  return spec.categories.length === 0 || !spec.series.some((s) => s.data.some((v) => v !== null && Number.isFinite(v)));
}

/** ¥12.3万 / ¥860 on an axis: whole yuan, 万 above ten thousand. */
export function compactYuan(yuan: number): string {
  if (Math.abs(yuan) >= 10_000) return `¥${Math.round(yuan / 1000) / 10}万`;
  return `¥${Math.round(yuan)}`;
}

const valueText = (unit: '%' | '元') => (v: number): string => (unit === '%' ? `${Math.round(v * 10) / 10}%` : compactYuan(v));

/** A label's width in CSS px at FONT_SIZE, estimated (uCharts itself estimates the same way). */
const textWidth = (text: string): number => [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? FONT_SIZE : FONT_SIZE * 0.6), 0);

/** The uCharts options for a spec on a canvas of this size (the caller adds `context`). */
export function chartOptions(spec: ChartSpec, size: CanvasSize): Record<string, unknown> {
  const common = {
    width: size.width,
    height: size.height,
    pixelRatio: size.pixelRatio,
    canvas2d: true,
    animation: false,
    background: color.surface,
    fontSize: FONT_SIZE,
    fontColor: color.textMuted,
    padding: [8, 8, 4, 4],
    legend: { show: true, position: 'top', fontColor: color.text, fontSize: FONT_SIZE, itemGap: 12 },
  };
  if (spec.type === 'ring') {
    return {
      ...common,
      type: 'ring',
      color: [...SLICE_COLORS],
      dataLabel: true,
      legend: { ...common.legend, position: 'right' },
      title: { name: spec.centre?.title ?? '', fontSize: 15, color: color.text },
      subtitle: { name: spec.centre?.subtitle ?? '', fontSize: FONT_SIZE, color: color.textMuted },
      series: [
        {
          data: spec.slices.map((s) => ({ name: s.name, value: s.value, labelText: s.label })),
          formatter: (item: { labelText?: string }) => item.labelText ?? '',
        },
      ],
      extra: { ring: { ringWidth: 22, offsetAngle: -90, labelWidth: 10, border: true, borderWidth: 2, borderColor: color.surface } },
    };
  }
  const format = valueText(spec.unit);
  const hasMarkers = spec.series.some((s) => s.kind === 'marker');
  // Rotate the category names only when they would not fit side by side.
  const plotWidth = size.width / size.pixelRatio - 60;
  const rotateLabel = Math.max(...spec.categories.map(textWidth)) > plotWidth / spec.categories.length - 4;
  const max = spec.unit === '%' ? 100 : undefined;
  let colour = 0;
  return {
    ...common,
    type: hasMarkers ? 'mix' : 'column',
    // No figures on the bars: side by side they overlap, and the table under each chart has them all.
    dataLabel: false,
    categories: [...spec.categories],
    series: spec.series.map((s) => ({
      name: s.name,
      data: [...s.data],
      type: s.kind === 'marker' ? 'point' : 'column',
      color: s.kind === 'marker' ? MARKER_COLOR : SERIES_COLORS[colour++ % SERIES_COLORS.length],
      // uCharts scales only the circle by the pixel ratio (its diamond stays 4.5 device px).
      pointShape: 'circle',
    })),
    xAxis: { disableGrid: true, fontColor: color.text, fontSize: FONT_SIZE, axisLineColor: color.border, rotateLabel, rotateAngle: 30 },
    yAxis: {
      gridType: 'dash',
      gridColor: color.border,
      splitNumber: 4,
      data: [{ min: 0, max, fontColor: color.textMuted, fontSize: 10, formatter: format }],
    },
    // Widths are CSS px (uCharts multiplies by the pixel ratio) and are maxima: many categories get thinner bars.
    extra: { column: { type: 'group', ...COLUMN }, mix: { column: COLUMN } },
  };
}
