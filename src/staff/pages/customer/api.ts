/**
 * Calls of the `crm` cloud function (staff only; customers get AUTH.FORBIDDEN): search, the customer
 * relationship card, its edits and notes. Imported only by the staff pages (subpackage).
 */
import type { ApiInput, ApiResult } from '@contracts/apiMap';
import { callCloud } from '../../../services/cloud';

export type SearchPage = ApiResult<'crm', 'search'>;
export type SearchRow = SearchPage['items'][number];
export type CrmCard = ApiResult<'crm', 'card'>;
export type CardSections = Pick<CrmCard['card'], 'contact' | 'organisation' | 'preferences' | 'keyDates'>;
export type UpdateCardInput = ApiInput<'crm', 'updateCard'>;
export type AddNoteInput = ApiInput<'crm', 'addNote'>;

/** At most 20 rows a page (the server refuses more). */
export const SEARCH_PAGE_SIZE = 20;

export const searchCustomers = (query: string, page: number) => callCloud('crm', 'search', { query, page, pageSize: SEARCH_PAGE_SIZE });
export const getCrmCard = (memberNo: string) => callCloud('crm', 'card', { memberNo });
export const updateCrmCard = (input: UpdateCardInput) => callCloud('crm', 'updateCard', input);
export const addCrmNote = (input: AddNoteInput) => callCloud('crm', 'addNote', input);
/** The care list's data for the card (function `care`): the contact log and the RFM/churn profile. */
export type CareContact = ApiResult<'care', 'contacts'>[number];
export type CareProfile = NonNullable<ApiResult<'care', 'profile'>>;
export const getCareContacts = (memberNo: string) => callCloud('care', 'contacts', { memberNo, limit: 10 });
export const getCareProfile = (memberNo: string) => callCloud('care', 'profile', { memberNo });

export const listCrmNotes = (memberNo: string, page: number, pageSize: number) => callCloud('crm', 'listNotes', { memberNo, page, pageSize });
