/**
 * 称重预览: while the clerk types final weights, ask the desk what saving them would settle. The
 * rule runs on the server (orderDesk.previewWeights, the core's settlement), so the preview is the
 * settlement `enterWeights` saves, never a second implementation in the page.
 */
import { useEffect, useState } from 'react';
import { deskError, previewWeights, type WeighPreview, type WeightEntry } from '../../lib/orderDesk';

/** Wait for a pause in typing, so a weight typed digit by digit asks once. */
export const PREVIEW_DELAY_MS = 300;

export type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; preview: WeighPreview }
  | { kind: 'error'; message: string };

/** `entries` null: nothing to preview (no weight yet, or one the field refuses). */
export function useWeighPreview(orderId: string, entries: WeightEntry[] | null): PreviewState {
  const key = entries === null || entries.length === 0 ? '' : JSON.stringify(entries);
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });

  useEffect(() => {
    if (key === '') {
      setState({ kind: 'idle' });
      return undefined;
    }
    // Figures for other weights than those on screen would mislead: none until this answer.
    setState({ kind: 'loading' });
    let live = true;
    const timer = setTimeout(() => {
      previewWeights(orderId, JSON.parse(key) as WeightEntry[]).then(
        (preview) => {
          if (live) setState({ kind: 'ready', preview });
        },
        (e: unknown) => {
          if (live) setState({ kind: 'error', message: deskError(e, '无法预览：') });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [orderId, key]);

  return state;
}
