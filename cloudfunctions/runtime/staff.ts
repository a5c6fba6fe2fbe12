import { isStaffRole, type StaffRole } from '../core/staff/roles';
import type { Db } from '../ports/db';
import { dbGet } from './dbHelpers';
import type { StaffIdentity } from './router';

export const STAFF = 'staff';

export interface StaffDoc {
  _id: string;
  role: StaffRole;
  name: string;
  active: boolean;
  /** Set when the person joined with an invite (absent for staff set up by hand). */
  inviteId?: string;
  joinedAt?: number;
  deactivatedAt?: number;
  deactivatedBy?: string;
}

/**
 * Staff are registered by OPENID in the `staff` collection (by invite, or by hand for the first
 * admin). Looked up on every call, so a removal (`active: false` or the document deleted) takes
 * effect on the next call; a role this build does not know counts as no staff at all.
 */
export async function lookupStaff(db: Db, openid: string): Promise<StaffIdentity | null> {
  const doc = await dbGet<StaffDoc>(db, STAFF, openid);
  return doc && doc.active === true && isStaffRole(doc.role) ? { openid, role: doc.role, name: doc.name } : null;
}
