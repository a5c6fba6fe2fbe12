/** Small helpers the jobs share: bounded concurrency, tallies, structural equality. */
import { DomainError, isDomainError } from '../../core/errors';
import { MAX_SAMPLES, type JobSample } from './types';

/**
 * Runs `fn` over `items` with at most `limit` calls in flight. On the first failure no new item
 * starts; the calls already running are awaited, then the first error is rethrown (so nothing keeps
 * writing after the page has failed).
 */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null) {
      const index = next;
      next += 1;
      if (index >= items.length) return;
      try {
        await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/** Tallies for one page. */
export class Tally {
  readonly counts: Record<string, number> = {};
  private readonly found: JobSample[] = [];
  changed = 0;

  add(key: string, n = 1): void {
    if (n !== 0) this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  sample(s: JobSample): void {
    this.found.push(s);
  }

  /** In document order, whatever order the concurrent work finished in (so reruns report alike). */
  get samples(): JobSample[] {
    return [...this.found].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, MAX_SAMPLES);
  }

  /**
   * A document the domain refused (corrupt data, an invariant the core checks): counted and sampled,
   * and the job goes on. Anything else (the database failing) is rethrown, so the page is not
   * checkpointed and the next invocation retries it.
   */
  failed(id: string, error: unknown): void {
    if (!isDomainError(error)) throw error;
    this.add('failed');
    this.sample({ id, kind: 'failed', problems: [`${error.code}: ${error.message}`.slice(0, 200)] });
  }
}

/**
 * Runs the pure part of processing one document. Whatever it throws is about that document's data
 * (a field missing, an invariant broken), so it becomes a DomainError the job records and skips;
 * errors from the database stay what they are and stop the page.
 */
export function pure<T>(id: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw new DomainError('JOBS.BAD_DOCUMENT', `文档 ${id} 无法处理：${(error as Error)?.message ?? String(error)}`.slice(0, 200));
  }
}

export function mergeCounts(into: Record<string, number>, add: Record<string, number>): Record<string, number> {
  const out = { ...into };
  for (const [k, v] of Object.entries(add)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Structural equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
