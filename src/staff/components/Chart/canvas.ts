/**
 * The one place where weapp and H5 differ for a chart: finding the 2D canvas behind `<Canvas type='2d'>`
 * and its size. Everything after that (sizing by the pixel ratio, drawing) is the same code.
 * Tests replace this module: jsdom has no canvas.
 */
import Taro from '@tarojs/taro';

/** The 2D context calls uCharts makes, as both the weapp canvas node and an HTML canvas provide them. */
export type Context2D = Pick<CanvasRenderingContext2D, 'clearRect' | 'fillText' | 'fillRect'>;

interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

export interface ChartCanvas {
  context: Context2D;
  /** Device pixels. */
  width: number;
  height: number;
  pixelRatio: number;
}

interface Found {
  node: CanvasNode;
  /** CSS px. */
  width: number;
  height: number;
}

/**
 * weapp: the selector query gives the canvas node and its size. Taro 4 H5 answers `node` only for a
 * hydrated `<taro-canvas-core>` and drops `size` when `node` is asked, so H5 waits for the Stencil host
 * to finish its first render (which sizes the inner `<canvas>` and would otherwise undo ours) and reads
 * the inner canvas directly. Null when there is no canvas (e.g. a test renderer without one).
 */
function findCanvas(id: string): Promise<Found | null> {
  if (process.env.TARO_ENV === 'h5') {
    const host = document.getElementById(id) as (HTMLElement & { componentOnReady?: () => Promise<unknown> }) | null;
    return Promise.resolve(host?.componentOnReady?.()).then(() => {
      const canvas = host?.querySelector('canvas');
      if (!canvas) return null;
      const rect = canvas.getBoundingClientRect();
      return { node: canvas, width: rect.width, height: rect.height };
    });
  }
  return new Promise((resolve) => {
    // After Taro's next setData, so the page already holds the canvas this render added.
    Taro.nextTick(() => {
      try {
        Taro.createSelectorQuery()
          .select(`#${id}`)
          .fields({ node: true, size: true })
          .exec((res: ({ node?: CanvasNode; width?: number; height?: number } | null)[] | null) => {
            const found = res?.[0];
            resolve(found?.node ? { node: found.node, width: found.width ?? 0, height: found.height ?? 0 } : null);
          });
      } catch {
        resolve(null); // a runtime without node queries (the simulator): no chart, no crash
      }
    });
  });
}

function pixelRatio(): number {
  if (process.env.TARO_ENV === 'h5') return window.devicePixelRatio || 1;
  return Taro.getWindowInfo?.().pixelRatio ?? Taro.getSystemInfoSync().pixelRatio ?? 1;
}

/** The canvas `id` sized to its CSS box × the device pixel ratio (sharp on phones), or null. */
export async function openCanvas(id: string): Promise<ChartCanvas | null> {
  const found = await findCanvas(id);
  if (!found || found.width <= 0 || found.height <= 0) return null;
  const context = found.node.getContext('2d') as Context2D | null;
  if (!context) return null;
  const ratio = pixelRatio();
  const width = Math.round(found.width * ratio);
  const height = Math.round(found.height * ratio);
  found.node.width = width;
  found.node.height = height;
  return { context, width, height, pixelRatio: ratio };
}
