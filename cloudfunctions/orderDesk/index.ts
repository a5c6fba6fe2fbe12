import { createCloudMain } from '../runtime/wx';
import { orderDeskFunction } from './actions';

export const main = createCloudMain(orderDeskFunction);
