/** Every deployable function, by name: the local server routes to these, the bundler builds these. */
import { jobsFunction } from './jobs/actions';
import { memberFunction } from './member/actions';
import { pointsFunction } from './points/actions';
import { staffFunction } from './staff/actions';
import type { CloudFunction } from './runtime/router';

export const functions: Record<string, CloudFunction> = {
  member: memberFunction,
  points: pointsFunction,
  staff: staffFunction,
  jobs: jobsFunction,
};
