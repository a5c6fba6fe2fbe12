/**
 * WeChat-like database errors. The real SDK rejects with an object carrying `errCode` and `errMsg`
 * (`<api>:fail <reason>`); code written against the port should only rely on those two fields.
 * The numeric codes are the closest documented WeChat cloud codes; treat them as best effort.
 */
export const ErrCode = {
  /** Generic database failure / operation not allowed. */
  REQUEST_FAILED: -502001,
  /** Duplicate `_id` or unique index violation. */
  DUPLICATE: -502002,
  /** Invalid parameter (bad data, bad operator, limit above 1000, empty condition...). */
  INVALID_PARAM: -501007,
  /** `doc(id).get()` (or a transactional update/remove) of a document that does not exist. */
  NOT_FOUND: -502004,
  /** Optimistic transaction kept conflicting with concurrent writes. */
  TX_CONFLICT: -502010,
} as const;

export class DbError extends Error {
  readonly errCode: number;
  readonly errMsg: string;

  constructor(api: string, reason: string, errCode: number) {
    const errMsg = `${api}:fail ${reason}`;
    super(errMsg);
    this.name = 'DbError';
    this.errCode = errCode;
    this.errMsg = errMsg;
  }
}

export function invalid(api: string, reason: string): DbError {
  return new DbError(api, reason, ErrCode.INVALID_PARAM);
}

/** Turns an nedb failure into a DbError so callers never see raw nedb errors. */
export function fromStoreError(api: string, err: unknown): DbError {
  if (err instanceof DbError) return err;
  const e = err as { errorType?: string; key?: unknown; message?: string } | null;
  if (e && e.errorType === 'uniqueViolated') {
    return new DbError(api, `duplicate key: a document with value ${JSON.stringify(e.key)} already exists`, ErrCode.DUPLICATE);
  }
  return new DbError(api, e?.message ?? String(err), ErrCode.REQUEST_FAILED);
}
