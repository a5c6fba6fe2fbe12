/**
 * The `kpi` cloud function: the manager's KPI screen (经营指标). It only reads what the `kpiDaily`
 * job (in `jobs`) prepared: one call, one document read for the whole screen.
 */
import { z } from 'zod';
import { action, defineFunction } from '../runtime/router';
import { calendarDay, emptyInput } from '../runtime/schemas';
import { kpiCsv, kpiSummary } from '../services/kpi';

export const kpiFunction = defineFunction({
  name: 'kpi',
  actions: {
    summary: action({
      access: 'manager',
      input: emptyInput,
      run: (_input, ctx) => kpiSummary(ctx.db),
    }),
    exportCsv: action({
      access: 'manager',
      input: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('summary') }).strict(),
        z.object({ kind: z.literal('daily'), from: calendarDay, to: calendarDay }).strict(),
      ]),
      run: (input, ctx) => kpiCsv(ctx.db, input),
    }),
  },
});
