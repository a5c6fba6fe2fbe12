/**
 * Calls of the `orderDesk` cloud function and the words the staff order pages use for them
 * (staff subpackage only, so none of this reaches the main package).
 */
import type { ApiInput, ApiResult } from '@contracts/apiMap';
import { ERRORS, type ErrorCode } from '@contracts/errors';
import { MAX_PAGE_SIZE } from '@contracts/limits';
import { callCloud } from '../../services/cloud';
import { errorMessage, isCloudError } from '../../services/errors';
import { FORBIDDEN, STAFF_ONLY } from './access';

export type DayPageView = ApiResult<'orderDesk', 'listDay'>;
export type DeskRow = DayPageView['items'][number];
export type DeskOrder = ApiResult<'orderDesk', 'getOrder'>;
export type DeskLine = DeskOrder['lines'][number];
export type OrderStatus = DeskRow['status'];
export type OrderEvent = DeskRow['allowed'][number];
export type WindowId = NonNullable<ApiInput<'orderDesk', 'listDay'>['window']>;

export const listDay = (q: { window?: WindowId | undefined; status?: OrderStatus | undefined; page: number; pageSize: number }) =>
  callCloud('orderDesk', 'listDay', { ...q, pageSize: Math.min(q.pageSize, MAX_PAGE_SIZE) });

export const getDeskOrder = (orderId: string) => callCloud('orderDesk', 'getOrder', { orderId });

export type WeighPreview = ApiResult<'orderDesk', 'previewWeights'>;
/** One weighed line's figures: the same shape in the preview, the saved result and the order view. */
export type WeighingLine = WeighPreview['lines'][number];
export type WeightEntry = ApiInput<'orderDesk', 'previewWeights'>['weights'][number];

/** What saving these weights would settle (read only on the server). */
export const previewWeights = (orderId: string, weights: WeightEntry[]) => callCloud('orderDesk', 'previewWeights', { orderId, weights });

/** The statuses a staff filter offers, in the order an order goes through them. */
export const STATUS_FILTERS: { id: OrderStatus; label: string }[] = [
  { id: 'submitted', label: '待确认' },
  { id: 'confirmed', label: '已确认' },
  { id: 'weighed', label: '已称重' },
  { id: 'dispatched', label: '配送中' },
  { id: 'delivered', label: '已送达' },
  { id: 'completed', label: '已完成' },
  { id: 'cancelled', label: '已取消' },
];

/** A button's words for each step staff can take. */
export const STEP_LABELS: Record<OrderEvent, string> = {
  pay: '确认收款',
  confirm: '确认订单',
  weigh: '录入重量',
  dispatch: '发货',
  deliver: '确认送达',
  complete: '完成订单',
  cancel: '取消订单',
  refund_partial: '部分退款',
  refund_full: '全额退款',
};

/** The step a row suggests next: the first forward step the order allows. */
const FORWARD: OrderEvent[] = ['confirm', 'weigh', 'dispatch', 'deliver', 'complete'];
export function nextStep(allowed: readonly OrderEvent[]): OrderEvent | null {
  return FORWARD.find((e) => allowed.includes(e)) ?? null;
}

/** Codes the desk answers with, in words that say what to do next. */
const DESK_WORDS: Partial<Record<ErrorCode, string>> = {
  'ORDER.NOT_FOUND': '订单不存在，可能已被删除',
  'ORDER.ILLEGAL_TRANSITION': '订单状态已变化，不能进行此操作，请刷新后查看',
  'ORDER.WEIGHT_PENDING': '请先录入称重商品的实际重量，再发货',
  'ORDER.WEIGHTS_SETTLED': '该订单已按另一组重量结算，不能再次称重',
  'ORDER.INVALID_WEIGHT': '重量无效，请检查每个称重商品的克数',
  'ORDER.REFUND_TOO_LARGE': '退款金额超过可退金额',
  'ORDER.NOT_COMPLETED': '订单完成后才能退款',
  'ORDER.INVALID_AMOUNT': '金额无效',
  'REQUEST.ID_REUSED': '这次提交与上次未确认的提交不一致，请重新提交',
  'MEMBER_CODE.INVALID': '会员码无效（可能不完整或被改动），请让顾客出示会员码后重新扫描',
  'MEMBER_CODE.EXPIRED': '会员码已过期，请让顾客刷新会员码后重新扫描',
  'MEMBER_CODE.USED': '该会员码已用于一笔消费（一码一单），请让顾客刷新会员码',
  'CATALOG.PRODUCT_NOT_FOUND': '商品不存在',
  'IMPORT.FILE_NOT_FOUND': '找不到上传的文件，请重新上传',
  'IMPORT.BAD_FILE': '文件无法读取，请上传 UTF-8 编码的 CSV 文件',
  'IMPORT.HAS_ERRORS': '文件有错误行，请修正后重新上传并试导入',
  'IMPORT.DRY_RUN_FIRST': '请先试导入（检查）这个文件',
};

/**
 * An error in words: forbidden is "staff only", known desk codes get the words above unless the
 * server sent a more specific message (it names the line or the amount), anything else the registry's.
 */
export function deskError(e: unknown, prefix = ''): string {
  if (isCloudError(e)) {
    if (e.code === FORBIDDEN) return STAFF_ONLY;
    const words = DESK_WORDS[e.code];
    if (words) {
      const specific = e.message && e.message !== words && !isGeneric(e.code, e.message) ? `（${e.message}）` : '';
      return `${prefix}${words}${specific}`;
    }
  }
  return `${prefix}${errorMessage(e)}`;
}

// The registry's own sentence adds nothing to our words.
function isGeneric(code: ErrorCode, message: string): boolean {
  return ERRORS[code].message === message;
}
