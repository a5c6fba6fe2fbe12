/**
 * The care list's demo state: the nightly CRM job run once over the seeded data (profiles with
 * rhythm, churn and RFM), and the demo customers given to the clerk 李小鲜 as her accounts, so she
 * opens 今日待办 on 张姐 (silent for two months) with her reason; the other customers stay
 * unassigned, on the manager's list.
 */
import { C } from '../../cloudfunctions/services/collections';
import { runJob } from '../../cloudfunctions/services/jobs';
import type { LocalDb } from '../clouddb';

export const DEMO_ACCOUNTS: Record<string, string> = {
  'demo-leader': 'demo-staff',
  'demo-strategic': 'demo-staff',
  'demo-core': 'demo-staff',
  'demo-potential': 'demo-staff',
  'demo-basic': 'demo-staff',
};

export async function seedCare(db: LocalDb, now: number): Promise<void> {
  await runJob(db, 'crmDaily', { now, budgetMs: 10 * 60_000 });
  for (const [memberId, staffId] of Object.entries(DEMO_ACCOUNTS)) {
    await db.collection(C.crmProfiles).where({ _id: memberId }).update({ data: { accountManager: staffId } });
  }
}
