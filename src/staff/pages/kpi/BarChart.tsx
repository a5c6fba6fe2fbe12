import { View, Text } from '@tarojs/components';
import { barWidth } from './format';

export interface BarRow {
  key: string;
  label: string;
  value: number;
  /** The figure as text, shown beside the bar: the chart is also a table. */
  text: string;
  previous?: number;
  previousText?: string;
}

/**
 * A horizontal bar chart drawn with views: the same code renders in weapp and H5, and every figure
 * is written out beside its bar (screen readers read the text; the bars are hidden from them).
 * `scale` fixes the full width (100 for percentages); otherwise the largest value fills it.
 * With `previous`, a thinner bar under each row shows the previous period on the same scale.
 */
export function BarChart({ title, rows, marker, scale }: { title: string; rows: readonly BarRow[]; marker?: { value: number; label: string }; scale?: number }) {
  const max = scale ?? Math.max(...rows.map((r) => Math.max(r.value, r.previous ?? 0)), marker?.value ?? 0, 0);
  return (
    <View className='kpi-chart' {...{ role: 'table', 'aria-label': title }}>
      <View className='kpi-chart-title'>{title}</View>
      {rows.map((r) => (
        <View key={r.key} className='kpi-bar-row' {...{ role: 'row' }}>
          <Text className='kpi-bar-label' {...{ role: 'rowheader' }}>
            {r.label}
          </Text>
          <View className='kpi-bar-track' {...{ 'aria-hidden': 'true' }}>
            <View className='kpi-bar' style={{ width: `${barWidth(r.value, max)}%` }} />
            {r.previous === undefined ? null : <View className='kpi-bar kpi-bar-previous' style={{ width: `${barWidth(r.previous, max)}%` }} />}
            {marker ? <View className='kpi-bar-marker' style={{ left: `${barWidth(marker.value, max)}%` }} /> : null}
          </View>
          <Text className='kpi-bar-text' {...{ role: 'cell' }}>
            {r.text}
            {r.previousText ? `（上月 ${r.previousText}）` : ''}
          </Text>
        </View>
      ))}
      {marker ? <View className='kpi-chart-note'>竖线：{marker.label}</View> : null}
    </View>
  );
}
