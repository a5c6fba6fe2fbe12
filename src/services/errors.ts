/** A failed cloud call: either the function's `{ ok: false, error }` envelope or a transport failure. */
export class CloudError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CloudError';
    this.code = code;
    // Keep `instanceof` working when classes are compiled down to ES5.
    Object.setPrototypeOf(this, CloudError.prototype);
  }
}

/** Codes produced on this side of the wire (the server's own codes pass through unchanged). */
export const CLIENT_ERROR = {
  /** The call never produced an envelope (network down, function missing, local server down). */
  transport: 'CALL_FAILED',
  /** Something answered, but not with an envelope. */
  badResponse: 'BAD_RESPONSE',
} as const;

export function isCloudError(e: unknown): e is CloudError {
  return e instanceof CloudError || (e instanceof Error && e.name === 'CloudError' && typeof (e as CloudError).code === 'string');
}

/** A short Chinese message for any error, for error states. */
export function errorMessage(e: unknown): string {
  if (isCloudError(e)) {
    if (e.code === CLIENT_ERROR.transport) return '网络异常，请检查网络后重试';
    if (e.code === CLIENT_ERROR.badResponse) return '服务暂时不可用，请稍后重试';
    return e.message || '请求失败，请稍后重试';
  }
  return '出错了，请稍后重试';
}
