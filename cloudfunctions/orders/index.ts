import { createCloudMain } from '../runtime/wx';
import { ordersFunction } from './actions';

export const main = createCloudMain(ordersFunction);
