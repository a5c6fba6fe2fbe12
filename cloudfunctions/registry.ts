/** Every deployable function, by name: the local server routes to these, the bundler builds these. */
import { memberFunction } from './member/actions';
import type { CloudFunction } from './runtime/router';

export const functions: Record<string, CloudFunction> = {
  member: memberFunction,
};
