import { createCloudMain } from '../runtime/wx';
import { teamFunction } from './actions';

export const main = createCloudMain(teamFunction);
