/**
 * The manager's KPI screen: reads only what the `kpiDaily` job prepared. `summary` is one document
 * read (`kpi_summary/latest`) whatever the data size; the daily CSV is one query of at most
 * MAX_EXPORT_DAYS day documents.
 */
import { dailyCsv, summaryCsv } from '../core/kpi';
import { DomainError } from '../core/errors';
import { DAY_MS, startOfDayMs } from '../core/time';
import type { Db } from '../ports/db';
import { dbGet } from '../runtime/dbHelpers';
import { C } from './collections';
import { LATEST, type KpiDayDoc, type KpiSummaryDoc } from './jobs/kpiDaily';

/** At most a quarter of daily rows in one export (one read of ≤ 1000 documents). */
export const MAX_EXPORT_DAYS = 92;

export type KpiSummaryView = { ready: false } | ({ ready: true } & Omit<KpiSummaryDoc, '_id'>);

export async function kpiSummary(db: Db): Promise<KpiSummaryView> {
  const doc = await dbGet<KpiSummaryDoc>(db, C.kpiSummary, LATEST);
  if (!doc) return { ready: false };
  const { _id: _i, ...summary } = doc;
  return { ready: true, ...summary };
}

export interface KpiCsv { filename: string; csv: string }

export async function kpiCsv(db: Db, input: { kind: 'summary' } | { kind: 'daily'; from: string; to: string }): Promise<KpiCsv> {
  if (input.kind === 'summary') {
    const doc = await dbGet<KpiSummaryDoc>(db, C.kpiSummary, LATEST);
    if (!doc) throw new DomainError('KPI.NOT_READY');
    return { filename: `经营指标-${doc.period}.csv`, csv: summaryCsv(doc) };
  }
  const days = (startOfDayMs(input.to) - startOfDayMs(input.from)) / DAY_MS + 1;
  if (days < 1 || days > MAX_EXPORT_DAYS) throw new DomainError('KPI.RANGE_INVALID', `日期范围须为 1–${MAX_EXPORT_DAYS} 天`);
  const _ = db.command;
  const { data } = await db.collection(C.kpiDaily).where({ _id: _.and(_.gte(input.from), _.lte(input.to)) }).orderBy('_id', 'asc').limit(MAX_EXPORT_DAYS).get();
  return { filename: `经营日报-${input.from}至${input.to}.csv`, csv: dailyCsv(data as unknown as KpiDayDoc[]) };
}
