import type { Db } from '../ports/db';
import { dbGet } from './dbHelpers';
import type { StaffIdentity } from './router';

export const STAFF = 'staff';

export interface StaffDoc { _id: string; role: 'staff' | 'manager'; name: string; active: boolean }

/** Staff are registered by OPENID in the `staff` collection (managed by a manager or the console). */
export async function lookupStaff(db: Db, openid: string): Promise<StaffIdentity | null> {
  const doc = await dbGet<StaffDoc>(db, STAFF, openid);
  return doc && doc.active ? { openid, role: doc.role, name: doc.name } : null;
}
