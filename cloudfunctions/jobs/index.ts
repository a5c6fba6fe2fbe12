import { createCloudMain } from '../runtime/wx';
import { jobsFunction } from './actions';

export const main = createCloudMain(jobsFunction);
