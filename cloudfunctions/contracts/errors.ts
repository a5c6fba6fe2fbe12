/** The error code registry, as the front end and the plumbing see it (plain data, no server code). */
export { ERRORS, httpStatusOf, isErrorCode } from '../core/errorCodes';
export type { ClientErrorCode, ErrorCode, ServerErrorCode } from '../core/errorCodes';
