/** How staff reach a customer (the contact log's channels) and the key dates a card keeps. */
export const CONTACT_CHANNELS = ['phone', 'visit', 'wechat', 'sample'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = { phone: '电话', visit: '上门', wechat: '微信', sample: '寄样' };

/** A yearly date on the relationship card (birthday, founding day): 'MM-DD'. */
export interface KeyDate { label: string; monthDay: string }

export const MONTH_DAY_PATTERN = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True for a month-day some year has (02-29 included, 02-30 not). */
export function isMonthDay(text: string): boolean {
  if (!MONTH_DAY_PATTERN.test(text)) return false;
  const [m, d] = text.split('-').map(Number) as [number, number];
  return d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}
