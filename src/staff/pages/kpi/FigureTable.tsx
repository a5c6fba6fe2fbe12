import { Text, View } from '@tarojs/components';

export interface FigureRow {
  key: string;
  label: string;
  /** The figures as text, one cell each: the chart beside the table is a picture of these. */
  cells: readonly string[];
}

/**
 * The figures a chart draws, written out as a table: screen readers read it (the canvas is hidden from
 * them), and nobody has to guess a value from a bar's height.
 */
export function FigureTable({ title, rows, note }: { title: string; rows: readonly FigureRow[]; note?: string }) {
  return (
    <View>
      <View className='kpi-table' {...{ role: 'table', 'aria-label': title }}>
        {rows.map((r) => (
          <View key={r.key} className='kpi-table-row' {...{ role: 'row' }}>
            <Text className='kpi-table-label' {...{ role: 'rowheader' }}>
              {r.label}
            </Text>
            {r.cells.map((c, i) => (
              <Text key={i} className='kpi-table-cell' {...{ role: 'cell' }}>
                {c}
              </Text>
            ))}
          </View>
        ))}
      </View>
      {/* Outside the table: a table holds rows only. */}
      {note ? <View className='kpi-chart-note'>{note}</View> : null}
    </View>
  );
}
