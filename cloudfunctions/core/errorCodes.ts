/**
 * Every error code FreshPal answers with, in one place: the core, the router, the local server and
 * the front end all take their codes from here (the front end through `contracts/errors.ts`; it lives
 * in the core because the core may import nothing outside itself). A code is `AREA.REASON` and never changes meaning
 * once shipped. `httpStatus` is what the local server answers with (the cloud runtime has only the
 * envelope); `message` is the default text, used when the thrower has nothing more specific.
 * `CLIENT.*` codes are produced by the mini-program itself, never by a server.
 *
 * Plain data on purpose: the front end imports it, and it must not pull server code into the bundle.
 */
export const ERRORS = {
  'REQUEST.MALFORMED_JSON': { httpStatus: 400, message: '请求体不是合法的 JSON' },
  'REQUEST.TOO_LARGE': { httpStatus: 413, message: '请求体过大' },
  'REQUEST.INVALID': { httpStatus: 400, message: '参数不正确' },
  'REQUEST.NOT_FOUND': { httpStatus: 404, message: '未找到' },
  'REQUEST.UNKNOWN_FUNCTION': { httpStatus: 404, message: '未知的云函数' },
  'REQUEST.UNKNOWN_ACTION': { httpStatus: 400, message: '未知的操作' },
  'REQUEST.ID_REUSED': { httpStatus: 409, message: '请求编号已用于另一请求，请重新提交' },
  'AUTH.UNAUTHENTICATED': { httpStatus: 401, message: '请在微信中打开' },
  'AUTH.FORBIDDEN': { httpStatus: 403, message: '无权执行此操作' },
  'SYSTEM.BUSY': { httpStatus: 503, message: '操作繁忙，请稍后重试' },
  'SYSTEM.INTERNAL': { httpStatus: 500, message: '系统繁忙，请稍后再试' },
  'CONFIG.INVALID': { httpStatus: 500, message: '系统配置有误，请联系管理员' },

  'MEMBER.NOT_FOUND': { httpStatus: 404, message: '会员不存在' },
  'MEMBER_CODE.INVALID': { httpStatus: 422, message: '会员码无效' },
  'MEMBER_CODE.EXPIRED': { httpStatus: 422, message: '会员码已过期，请让顾客刷新' },
  'MEMBER_CODE.USED': { httpStatus: 409, message: '该会员码已用于一笔消费，请让顾客刷新会员码' },

  'POINTS.INSUFFICIENT_BALANCE': { httpStatus: 409, message: '积分不足' },
  'POINTS.DUPLICATE_ORDER': { httpStatus: 409, message: '该订单的积分已记录' },
  'POINTS.INVALID_AMOUNT': { httpStatus: 422, message: '积分数量无效' },
  'POINTS.INVALID_INPUT': { httpStatus: 422, message: '积分参数无效' },

  'COUPON.NOT_FOUND': { httpStatus: 404, message: '没有这种优惠券' },
  'COUPON.INACTIVE': { httpStatus: 409, message: '该优惠券已下架' },
  'COUPON.NOT_REDEEMABLE': { httpStatus: 409, message: '该优惠券不能用积分兑换' },
  'COUPON.LIMIT_REACHED': { httpStatus: 409, message: '已达兑换上限' },
  'COUPON.EXPIRED': { httpStatus: 409, message: '该优惠券已过期' },
  'COUPON.USED': { httpStatus: 409, message: '该优惠券已使用' },
  'COUPON.MIN_SPEND_NOT_MET': { httpStatus: 409, message: '未达到优惠券使用门槛' },
  'COUPON.INVALID_AMOUNT': { httpStatus: 422, message: '订单金额无效' },
  'COUPON.INVALID_INPUT': { httpStatus: 422, message: '优惠券参数无效' },

  'ORDER.NOT_FOUND': { httpStatus: 404, message: '订单不存在' },
  'ORDER.NOT_COMPLETED': { httpStatus: 409, message: '订单尚未完成，不能退款' },
  'ORDER.INVALID_AMOUNT': { httpStatus: 422, message: '订单金额无效' },
  'ORDER.REFUND_TOO_LARGE': { httpStatus: 409, message: '退款金额超过可退金额' },
  'ORDER.ILLEGAL_TRANSITION': { httpStatus: 409, message: '订单当前状态不能进行此操作' },
  'ORDER.WEIGHT_PENDING': { httpStatus: 409, message: '请先录入称重商品的实际重量' },
  'ORDER.INVALID_QUANTITY': { httpStatus: 422, message: '购买数量无效' },
  'ORDER.DUPLICATE_LINE': { httpStatus: 422, message: '同一商品重复出现在订单中' },
  'ORDER.INVALID_WEIGHT': { httpStatus: 422, message: '重量无效' },
  'ORDER.CART_CHANGED': { httpStatus: 409, message: '商品价格或库存有变化，请确认后重新提交' },
  'ORDER.EMPTY_CART': { httpStatus: 422, message: '购物车是空的' },
  'ORDER.INVALID_SLOT': { httpStatus: 422, message: '配送时间不可选' },
  'ORDER.LIST_NOT_FOUND': { httpStatus: 404, message: '常购清单不存在' },
  'ORDER.LIST_LIMIT_REACHED': { httpStatus: 409, message: '常购清单数量已达上限' },

  'CATALOG.PRODUCT_NOT_FOUND': { httpStatus: 404, message: '商品不存在' },
  'CATALOG.INVALID_PRODUCT': { httpStatus: 422, message: '商品信息无效' },
  'CATALOG.IMPORT_HAS_ERRORS': { httpStatus: 422, message: '商品表有错误行，请修正后重新导入' },
  'ORDER.WEIGHTS_SETTLED': { httpStatus: 409, message: '该订单已按另一组重量结算，不能再次称重' },
  'IMPORT.FILE_NOT_FOUND': { httpStatus: 404, message: '找不到上传的文件，请重新上传' },
  'IMPORT.BAD_FILE': { httpStatus: 422, message: '文件无法读取，请上传 UTF-8 编码的 CSV 文件' },
  'IMPORT.HAS_ERRORS': { httpStatus: 422, message: '文件有错误行，请先修正并重新试导入' },
  'IMPORT.DRY_RUN_FIRST': { httpStatus: 409, message: '请先试导入（检查）这个文件' },
  'IMPORT.NOT_FOUND': { httpStatus: 404, message: '没有这个导入任务' },
  'STORAGE.UNAVAILABLE': { httpStatus: 503, message: '文件存储暂不可用' },
  'NOTIFIER.UNAVAILABLE': { httpStatus: 503, message: '消息推送暂不可用' },
  'PAYMENT.UNAVAILABLE': { httpStatus: 503, message: '暂不支持微信支付，请选择货到付款/月结' },
  'PAYMENT.ALREADY_PAID': { httpStatus: 409, message: '该订单已支付' },
  'PAYMENT.NOT_PAYABLE': { httpStatus: 409, message: '该订单无需在线支付' },
  'PAYMENT.GATEWAY_FAILED': { httpStatus: 502, message: '微信支付下单失败，请稍后再试' },

  'TIER.OVERRIDE_IN_PAST': { httpStatus: 422, message: '截止日期不能早于今天' },
  'TIER.OVERRIDE_TOO_LONG': { httpStatus: 422, message: '人工调整期限过长' },

  'CASE.NOT_FOUND': { httpStatus: 404, message: '反馈不存在' },
  'CASE.ILLEGAL_TRANSITION': { httpStatus: 409, message: '反馈当前状态不能进行此操作' },
  'CASE.REOPEN_WINDOW_PASSED': { httpStatus: 409, message: '已超过可重新打开的期限' },
  'CASE.ALREADY_RATED': { httpStatus: 409, message: '该反馈已评价过' },
  'CASE.INVALID_RATING': { httpStatus: 422, message: '评分应为 1–5 分' },
  'CASE.RATING_REASON_REQUIRED': { httpStatus: 422, message: '3 分及以下请说明原因' },
  'CASE.INVALID_COMPENSATION': { httpStatus: 422, message: '补偿内容无效' },
  'CASE.COMPENSATION_OVER_LIMIT': { httpStatus: 403, message: '补偿超出员工权限' },
  'CASE.NO_COMPENSATION': { httpStatus: 409, message: '该反馈没有可撤回的补偿' },
  'CASE.COMPENSATION_USED': { httpStatus: 409, message: '补偿优惠券已使用，不能撤回' },
  'CASE.ORDER_NOT_YOURS': { httpStatus: 404, message: '订单不存在' },
  'CASE.TEXT_REFUSED': { httpStatus: 422, message: '内容含有不当信息，请修改后再提交' },
  'CASE.PHOTO_NOT_YOURS': { httpStatus: 422, message: '照片无效，请重新上传' },
  'SURVEY.NOT_OFFERED': { httpStatus: 409, message: '该订单当前不能评价' },

  'CONTENT.TEXT_RISKY': { httpStatus: 422, message: '内容可能含有违规信息，请修改后再提交' },
  'UPLOAD.NOT_IMAGE': { httpStatus: 415, message: '只能上传 JPG、PNG 或 WebP 图片' },
  'UPLOAD.NOT_YOURS': { httpStatus: 403, message: '照片无效，请重新上传' },
  'UPLOAD.LINK_INVALID': { httpStatus: 403, message: '图片链接已失效，请刷新后再看' },

  'CRM.QUERY_INVALID': { httpStatus: 400, message: '请输入手机号、手机号后四位、姓名、单位名或会员号' },

  'KPI.NOT_READY': { httpStatus: 409, message: '经营指标尚未生成，请稍后再试' },
  'KPI.RANGE_INVALID': { httpStatus: 400, message: '日期范围不正确' },

  'TEAM.INVITE_INVALID': { httpStatus: 404, message: '邀请码无效' },
  'TEAM.INVITE_EXPIRED': { httpStatus: 410, message: '邀请码已过期，请让店长重新生成' },
  'TEAM.INVITE_USED': { httpStatus: 409, message: '邀请码已被使用' },
  'TEAM.ALREADY_STAFF': { httpStatus: 409, message: '你已是员工，不能再用邀请码' },
  'TEAM.ROLE_NOT_ALLOWED': { httpStatus: 403, message: '无权邀请或移除该角色' },
  'TEAM.STAFF_NOT_FOUND': { httpStatus: 404, message: '没有这位员工' },

  'APPROVAL.NOT_FOUND': { httpStatus: 404, message: '没有这条审批申请' },
  'APPROVAL.ALREADY_DECIDED': { httpStatus: 409, message: '该申请已处理' },
  'APPROVAL.OWN_REQUEST': { httpStatus: 403, message: '不能审批自己的申请' },

  'CARE.BAD_ITEM': { httpStatus: 422, message: '待办事项不正确，请刷新后重试' },
  'CARE.BAD_SNOOZE': { httpStatus: 422, message: '稍后提醒的日期应在明天到 90 天之内' },
  'CARE.STAFF_NOT_FOUND': { httpStatus: 404, message: '员工不存在或已停用' },

  'REFERRAL.INVALID_TOKEN': { httpStatus: 422, message: '邀请链接无效' },
  'PROFILE.CONSENT_REQUIRED': { httpStatus: 422, message: '请先阅读并同意隐私政策' },
  'PRIVACY.CONFIRM_INVALID': { httpStatus: 409, message: '确认已过期，请重新申请注销' },
  'PRIVACY.OPEN_ORDERS': { httpStatus: 409, message: '您还有未完成的订单，完成或取消后才能注销' },

  'JOBS.INVALID_RUN_KEY': { httpStatus: 400, message: '批次号格式不正确' },
  'JOBS.LEASE_LOST': { httpStatus: 409, message: '任务已被另一个实例接管' },
  'JOBS.BAD_DOCUMENT': { httpStatus: 500, message: '文档无法处理' },

  'CLIENT.NETWORK': { httpStatus: null, message: '网络异常，请检查网络后重试' },
  'CLIENT.BAD_RESPONSE': { httpStatus: null, message: '服务暂时不可用，请稍后重试' },
  /** The server answered with a code this build does not know (a newer server): its message is shown. */
  'CLIENT.UNKNOWN_CODE': { httpStatus: null, message: '请求失败，请稍后重试' },
} as const satisfies Record<string, { httpStatus: number | null; message: string }>;

export type ErrorCode = keyof typeof ERRORS;
/** Codes produced on the mini-program's side of the wire. */
export type ClientErrorCode = Extract<ErrorCode, `CLIENT.${string}`>;
/** Codes a cloud function answers with. */
export type ServerErrorCode = Exclude<ErrorCode, ClientErrorCode>;

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);

/** The local server's HTTP status for a failed call. */
export const httpStatusOf = (code: ServerErrorCode): number => ERRORS[code].httpStatus;
