import { createCloudMain } from '../runtime/wx';
import { noticesFunction } from './actions';

export const main = createCloudMain(noticesFunction);
