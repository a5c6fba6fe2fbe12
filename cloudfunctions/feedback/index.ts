import { createCloudMain } from '../runtime/wx';
import { feedbackFunction } from './actions';

export const main = createCloudMain(feedbackFunction);
