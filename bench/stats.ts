/**
 * Benchmark figures: each one is printed and kept, so `npm run bench` can write them all to
 * `bench-results.json` (an array of `{ name, value, unit, target, better }`) for tools to compare.
 */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export type Better = 'lower' | 'higher';

export interface Figure {
  /** Stable dotted name, e.g. `member.getCard.p95_ms`. */
  name: string;
  value: number;
  unit: string;
  /** The goal the figure is held to, or null where it is only informative. */
  target: number | null;
  better: Better;
}

const figures: Figure[] = [];

export function recorded(): readonly Figure[] {
  return figures;
}

export interface FigureOptions {
  target?: number;
  better: Better;
  /** Decimals shown (the JSON keeps the same rounding). */
  digits?: number;
}

/** Prints one figure under its human label and records it under its stable name. */
export function figure(name: string, label: string, value: number, unit: string, opts: FigureOptions): void {
  const digits = opts.digits ?? 0;
  const rounded = Number(value.toFixed(digits));
  figures.push({ name, value: rounded, unit, target: opts.target ?? null, better: opts.better });
  const shown = `${rounded.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
  const goal = opts.target === undefined ? '' : `   (target ${opts.better === 'lower' ? '≤' : '≥'} ${opts.target.toLocaleString('en')} ${unit})`;
  console.log(`  ${label.padEnd(46)} ${shown.padStart(16)}${goal}`);
}

export function heading(text: string): void {
  console.log(`\n${text}`);
}
