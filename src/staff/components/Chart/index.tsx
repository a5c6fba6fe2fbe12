import { useEffect, useMemo } from 'react';
import { Canvas } from '@tarojs/components';
import UCharts from '@qiun/ucharts';
import { openCanvas } from './canvas';
import { chartOptions, isEmptyChart, type ChartSpec } from './options';
import './chart.css';

export type { ChartSeries, ChartSpec } from './options';

// H5: fixed placeholder sizes stop Taro's canvas host from measuring itself and rendering a second
// time (which would clear what was drawn); openCanvas then sets the real size. weapp ignores them.
const H5_HOST_SIZE = process.env.TARO_ENV === 'h5' ? { width: '300', height: '150' } : {};

/**
 * A uCharts chart on a 2D canvas, the same code in weapp and H5. The picture only: screen readers skip
 * it, so the figures must also be written out next to it (see the KPI page's tables). Draws again
 * when the data changes; draws nothing (and renders no canvas) when there is nothing to show; a
 * missing canvas node (a test renderer) is no error.
 */
export function Chart({ id, spec, className }: { id: string; spec: ChartSpec; className?: string }) {
  const key = useMemo(() => JSON.stringify(spec), [spec]);
  const empty = isEmptyChart(spec);

  useEffect(() => {
    if (empty) return undefined;
    let live = true;
    const data = JSON.parse(key) as ChartSpec;
    openCanvas(id)
      .then((canvas) => {
        if (!live || !canvas) return;
        const { context, ...size } = canvas;
        new UCharts({ ...chartOptions(data, size), context });
      })
      .catch(() => undefined); // a chart that cannot draw leaves its table to speak
    return () => {
      live = false;
    };
  }, [id, key, empty]);

  if (empty) return null;
  return <Canvas type='2d' id={id} className={className ? `chart-canvas ${className}` : 'chart-canvas'} {...H5_HOST_SIZE} {...{ 'aria-hidden': 'true' }} />;
}
