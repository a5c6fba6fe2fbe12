/** Every deployable function, by name: the local server routes to these, the bundler builds these. */
import { careFunction } from './care/actions';
import { crmFunction } from './crm/actions';
import { deskFunction } from './desk/actions';
import { feedbackFunction } from './feedback/actions';
import { jobsFunction } from './jobs/actions';
import { kpiFunction } from './kpi/actions';
import { memberFunction } from './member/actions';
import { noticesFunction } from './notices/actions';
import { orderDeskFunction } from './orderDesk/actions';
import { paymentFunction } from './payment/actions';
import { ordersFunction } from './orders/actions';
import { pointsFunction } from './points/actions';
import { staffFunction } from './staff/actions';
import { teamFunction } from './team/actions';
import type { CloudFunction } from './runtime/router';

/** The functions with their exact action types: `contracts/apiMap.ts` derives the API from this. */
export const typedFunctions = {
  member: memberFunction,
  points: pointsFunction,
  orders: ordersFunction,
  staff: staffFunction,
  jobs: jobsFunction,
  orderDesk: orderDeskFunction,
  feedback: feedbackFunction,
  desk: deskFunction,
  notices: noticesFunction,
  payment: paymentFunction,
  team: teamFunction,
  kpi: kpiFunction,
  crm: crmFunction,
  care: careFunction,
};

/** The same functions looked up by a name that arrives at run time. */
export const functions: Record<string, CloudFunction> = typedFunctions;
