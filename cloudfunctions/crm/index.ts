import { createCloudMain } from '../runtime/wx';
import { crmFunction } from './actions';

export const main = createCloudMain(crmFunction);
