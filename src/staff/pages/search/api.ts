/**
 * The RFM segment filter's calls (function `crm`, staff only): the eight segments with their counts,
 * and one segment's customers page by page. Imported only by the staff search page (subpackage).
 */
import type { ApiResult } from '@contracts/apiMap';
import { callCloud } from '../../../services/cloud';

export type SegmentsView = ApiResult<'crm', 'segments'>;
export type Segment = SegmentsView['items'][number]['segment'];
export type SegmentPage = ApiResult<'crm', 'segment'>;
export type SegmentRow = SegmentPage['items'][number];

/** At most 20 rows a page (the server refuses more), as in search. */
export const SEGMENT_PAGE_SIZE = 20;

export const getSegments = () => callCloud('crm', 'segments', {});
export const getSegmentCustomers = (segment: Segment, page: number) => callCloud('crm', 'segment', { segment, page, pageSize: SEGMENT_PAGE_SIZE });
