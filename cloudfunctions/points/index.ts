import { createCloudMain } from '../runtime/wx';
import { pointsFunction } from './actions';

export const main = createCloudMain(pointsFunction);
