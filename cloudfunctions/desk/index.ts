import { createCloudMain } from '../runtime/wx';
import { deskFunction } from './actions';

export const main = createCloudMain(deskFunction);
