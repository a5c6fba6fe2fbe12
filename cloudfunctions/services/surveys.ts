/**
 * The delivery survey (freshness, on time, service: 1–5 each, an optional comment), offered once per
 * app order from 48 hours to 7 days after delivery (core/cases/rules.ts `surveyOffer`). One document
 * per order (`surveys/S<orderId>`), so answering twice, or a retry, writes nothing new. A low answer
 * can become a complaint in one tap: the client files it with `fromSurvey`.
 */
import { isLowSurvey, surveyOffer } from '../core/cases/rules';
import { DomainError } from '../core/errors';
import type { Db } from '../ports/db';
import { asDoc, dbGet, txGet } from '../runtime/dbHelpers';
import { C } from './collections';
import { loadConfig } from './config';
import type { OrderDoc } from './orderModel';
import { checkedText } from './cases';

export interface SurveyScores { freshness: number; onTime: number; service: number }
export interface SurveyDoc { _id: string; memberId: string; orderId: string; scores: SurveyScores; comment: string | null; at: number }

export interface SurveyOfferView { orderId: string; deliveredAt: number; until: number; summary: string }
export interface SurveyResultView { orderId: string; scores: SurveyScores; comment: string | null; low: boolean }

const surveyId = (orderId: string) => `S${orderId}`;

/** When the order was delivered (its timeline), or null. */
export const deliveredAt = (o: Pick<OrderDoc, 'timeline'>): number | null => o.timeline.find((t) => t.status === 'delivered')?.at ?? null;

const orderSummary = (o: OrderDoc): string => {
  const names = o.lines.slice(0, 3).map((l) => l.name).join('、');
  return o.lines.length > 3 ? `${names} 等 ${o.lines.length} 件` : names;
};

/** The caller's orders that may be surveyed now (their last 20 orders, newest first). */
export async function surveyOffers(db: Db, openid: string, now: number): Promise<SurveyOfferView[]> {
  const config = await loadConfig(db, now);
  const { data } = await db.collection(C.orders).where({ memberId: openid }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(20).get();
  const orders = data as unknown as OrderDoc[];
  const candidates = orders.filter((o) => surveyOffer({ deliveredAt: deliveredAt(o), channel: o.channel, surveyed: false }, config.cases, now).offered);
  const answered = await Promise.all(candidates.map((o) => dbGet<SurveyDoc>(db, C.surveys, surveyId(o._id))));
  return candidates
    .filter((_, i) => answered[i] === null)
    .map((o) => {
      const at = deliveredAt(o) as number;
      return { orderId: o._id, deliveredAt: at, until: at + config.cases.surveyUntilHours * 3_600_000, summary: orderSummary(o) };
    });
}

export async function answerSurvey(db: Db, openid: string, input: { orderId: string; scores: SurveyScores; comment: string | null }, now: number): Promise<SurveyResultView> {
  const config = await loadConfig(db, now);
  const order = await dbGet<OrderDoc>(db, C.orders, input.orderId);
  if (!order || order.memberId !== openid) throw new DomainError('ORDER.NOT_FOUND');
  const comment = input.comment?.trim() || null;
  if (comment) await checkedText(openid, comment);
  const id = surveyId(order._id);
  const low = (s: SurveyScores) => isLowSurvey([s.freshness, s.onTime, s.service], config.cases.lowScore);
  return db.runTransaction(async (tx) => {
    const done = await txGet<SurveyDoc>(tx, C.surveys, id);
    if (done) {
      // The same answer again is a retry; another answer is a second survey, which is not offered.
      if (JSON.stringify(done.scores) === JSON.stringify(input.scores) && done.comment === comment) return { orderId: order._id, scores: done.scores, comment: done.comment, low: low(done.scores) };
      throw new DomainError('SURVEY.NOT_OFFERED', '该订单已评价过');
    }
    const offer = surveyOffer({ deliveredAt: deliveredAt(order), channel: order.channel, surveyed: false }, config.cases, now);
    if (!offer.offered) throw new DomainError('SURVEY.NOT_OFFERED', offer.why === 'too_early' ? '送达 48 小时后才能评价' : '该订单当前不能评价');
    const doc: Omit<SurveyDoc, '_id'> = { memberId: openid, orderId: order._id, scores: input.scores, comment, at: now };
    await tx.collection(C.surveys).doc(id).set({ data: asDoc(doc) });
    return { orderId: order._id, scores: input.scores, comment, low: low(input.scores) };
  });
}
