import type { CommandValue, DbCommand } from '../../cloudfunctions/ports/db';

export type QueryOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'exists' | 'and' | 'or';
export type UpdateOp = 'inc' | 'remove' | 'push';
export type Op = QueryOp | UpdateOp;

export const UPDATE_OPS: ReadonlySet<Op> = new Set<Op>(['inc', 'remove', 'push']);

/**
 * A tagged operator produced by `db.command`. Arguments are kept raw and validated where the
 * command is used (where / update), so a misplaced operator fails with the API name in the error.
 */
export class Command implements CommandValue {
  declare readonly __brand?: 'command';

  constructor(
    readonly op: Op,
    readonly args: readonly unknown[],
  ) {}
}

/** `_.and([a, b])` and `_.and(a, b)` are both accepted by the WeChat SDK. */
function logicalArgs(args: unknown[]): unknown[] {
  const first = args[0];
  return args.length === 1 && Array.isArray(first) ? [...(first as unknown[])] : args;
}

export const command: DbCommand = {
  eq: (v) => new Command('eq', [v]),
  neq: (v) => new Command('neq', [v]),
  gt: (v) => new Command('gt', [v]),
  gte: (v) => new Command('gte', [v]),
  lt: (v) => new Command('lt', [v]),
  lte: (v) => new Command('lte', [v]),
  in: (values) => new Command('in', [values]),
  nin: (values) => new Command('nin', [values]),
  exists: (present) => new Command('exists', [present]),
  and: (...conditions) => new Command('and', logicalArgs(conditions)),
  or: (...conditions) => new Command('or', logicalArgs(conditions)),
  inc: (delta) => new Command('inc', [delta]),
  remove: () => new Command('remove', []),
  push: (...values) => new Command('push', values),
};
