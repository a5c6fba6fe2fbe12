import { createCloudMain } from '../runtime/wx';
import { staffFunction } from './actions';

export const main = createCloudMain(staffFunction);
