import { createCloudMain } from '../runtime/wx';
import { kpiFunction } from './actions';

export const main = createCloudMain(kpiFunction);
