/** Small helpers for benchmark figures. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function line(label: string, value: string, target?: string): void {
  console.log(`  ${label.padEnd(46)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;
