import { createCloudMain } from '../runtime/wx';
import { careFunction } from './actions';

export const main = createCloudMain(careFunction);
