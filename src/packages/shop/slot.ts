/** Delivery slots: the windows the seller delivers in, the days one may choose, the last choice kept. */
import { getStorageSync, setStorageSync } from '@tarojs/taro';
import { addDays, shanghaiDay } from '../../format/date';
import { sessionIdentity } from '../../hooks/sessionIdentity';
import type { OrderSlot } from '../../services/orders';

export type WindowId = OrderSlot['window'];
export type SlotKind = OrderSlot['kind'];

/** The same windows as the server's DELIVERY_WINDOWS (a wrong id does not compile). */
export const WINDOWS: { id: WindowId; label: string }[] = [
  { id: 'early', label: '06:00–08:00' },
  { id: 'morning', label: '08:00–11:00' },
  { id: 'afternoon', label: '14:00–18:00' },
];

/** The server accepts today up to 7 days ahead. */
export const SLOT_DAYS_AHEAD = 7;

export const isWindow = (v: unknown): v is WindowId => WINDOWS.some((w) => w.id === v);

export interface SlotChoice {
  kind: SlotKind;
  day: string;
  window: WindowId;
  pickupPoint: string;
}

/** Days that can be chosen, today first. */
export function slotDays(now: number = Date.now()): string[] {
  const today = shanghaiDay(now);
  return Array.from({ length: SLOT_DAYS_AHEAD + 1 }, (_, i) => addDays(today, i));
}

/** Tomorrow: fresh produce is picked and packed overnight. */
export const defaultDay = (now: number = Date.now()): string => addDays(shanghaiDay(now), 1);

const KEY = 'freshpal.lastSlot';

/** How the last order was handed over, for this identity (the next checkout starts from it). */
export function loadLastSlot(): Omit<SlotChoice, 'day'> | null {
  const identity = sessionIdentity();
  try {
    const stored = getStorageSync(KEY) as { identity: string; slot: Omit<SlotChoice, 'day'> } | '' | undefined;
    return stored && typeof stored === 'object' && stored.identity === identity ? stored.slot : null;
  } catch {
    return null;
  }
}

export function saveLastSlot(slot: SlotChoice): void {
  const identity = sessionIdentity();
  if (identity === null) return;
  try {
    setStorageSync(KEY, { identity, slot: { kind: slot.kind, window: slot.window, pickupPoint: slot.pickupPoint } });
  } catch {
    // Not kept: the next checkout starts from the defaults.
  }
}

/** A query value as typed: weapp and the H5 router hand page params over still URL-encoded. */
export function decodeParam(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a literal '%' that was never encoded
  }
}

/** The slot a checkout starts with: what the page passes (a past order's), else the last one, else delivery in the morning. */
export function initialSlot(from: { kind?: string; window?: string; pickup?: string }): SlotChoice {
  const last = loadLastSlot();
  const kind: SlotKind = from.kind === 'pickup' || from.kind === 'delivery' ? from.kind : (last?.kind ?? 'delivery');
  return {
    kind,
    day: defaultDay(),
    window: isWindow(from.window) ? from.window : (last?.window ?? 'morning'),
    pickupPoint: decodeParam(from.pickup) ?? last?.pickupPoint ?? '',
  };
}
