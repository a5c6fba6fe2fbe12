/**
 * Calls of the customer's `feedback` cloud function (the complaint desk) through callCloud; payloads
 * and results come from the API map, and the view types are named here once for the pages.
 */
import type { ApiInput, ApiResult } from '@contracts/apiMap';
import { MAX_PAGE_SIZE } from '@contracts/limits';
import { callCloud } from '../../services/cloud';
import { customerCallsAllowed } from '../../services/entry';

export type SubmitCaseInput = ApiInput<'feedback', 'submit'>;
export type CaseType = SubmitCaseInput['type'];
export type CaseCategory = SubmitCaseInput['category'];
export type CaseView = ApiResult<'feedback', 'get'>;
export type CaseSummary = ApiResult<'feedback', 'mine'>['items'][number];
export type CaseMessage = CaseView['thread'][number];
export type CasePhoto = CaseMessage['photos'][number];
export type SurveyOffer = ApiResult<'feedback', 'surveys'>[number];
export type SurveyScores = ApiInput<'feedback', 'answerSurvey'>['scores'];
export type SurveyResult = ApiResult<'feedback', 'answerSurvey'>;

/** Customer calls wait for the app's entry check (staff are not enrolled by opening a page). */
const asCustomer = <T>(call: () => Promise<T>): Promise<T> => customerCallsAllowed().then(call);

/** `requestId` belongs to one filled-in form: a retry sends the same one and finds the same case. */
export const submitCase = (input: SubmitCaseInput) => asCustomer(() => callCloud('feedback', 'submit', input));

/** The caller's cases, newest first; `page` counts from 0. */
export const myCases = (page: number, pageSize: number) => asCustomer(() => callCloud('feedback', 'mine', { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) }));

/** One of the caller's cases (opening it marks staff replies read). */
export const getCase = (caseId: string) => asCustomer(() => callCloud('feedback', 'get', { caseId }));

export const addMessage = (input: ApiInput<'feedback', 'addMessage'>) => asCustomer(() => callCloud('feedback', 'addMessage', input));

export const rateCase = (input: ApiInput<'feedback', 'rate'>) => asCustomer(() => callCloud('feedback', 'rate', input));

export const reopenCase = (input: ApiInput<'feedback', 'reopen'>) => asCustomer(() => callCloud('feedback', 'reopen', input));

/** The caller's delivered orders that may be surveyed now. */
export const surveyOffers = () => asCustomer(() => callCloud('feedback', 'surveys'));

export const answerSurvey = (input: ApiInput<'feedback', 'answerSurvey'>) => asCustomer(() => callCloud('feedback', 'answerSurvey', input));
