import { createCloudMain } from '../runtime/wx';
import { paymentFunction } from './actions';

export const main = createCloudMain(paymentFunction);
