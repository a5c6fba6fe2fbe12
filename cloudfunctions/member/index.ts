import { createCloudMain } from '../runtime/wx';
import { memberFunction } from './actions';

export const main = createCloudMain(memberFunction);
