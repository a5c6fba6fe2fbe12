import { C } from '../../cloudfunctions/services/collections';
import type { Query } from '../../cloudfunctions/ports/db';
import { openFreshPalDb } from '../../local/app';
import type { LocalDb } from '../../local/clouddb';

let db: LocalDb;

beforeAll(async () => {
  db = await openFreshPalDb(null);
  // Tables exist once a collection holds a document; a few are enough for the planner.
  const doc = { memberId: 'm1', memberNo: '100001', at: 1, issuedAt: 1, nextDueAt: 5, target: '100001' };
  for (const name of Object.values(C)) await db.importMany(name, [{ _id: 'a', ...doc }, { _id: 'b', ...doc, memberNo: '100002' }]);
});

afterAll(async () => {
  await db.close();
});

/** The hot queries, in the shapes the services and jobs send them. */
type Build = (d: LocalDb) => Query;

// Operators are built lazily: the database opens in beforeAll.
const _ = { lte: (v: number) => db.command.lte(v), gt: (v: string) => db.command.gt(v) };

const HOT: Array<[string, Build, string]> = [
    ['member by memberNo (getCard, staff lookup)', (d) => d.collection(C.members).where({ memberNo: '100001' }).limit(1), 'i:members:memberNo'],
    ['member by phone (staff lookup, POS import)', (d) => d.collection(C.members).where({ phone: '13800000000' }).limit(2), 'i:members:phone'],
    [
      'members someone invited, paged (erasure moves them to the pseudonym)',
      (d) => d.collection(C.members).where({ referredBy: 'o1', _id: _.gt('a') }).orderBy('_id', 'asc').limit(100),
      'i:members:referredBy',
    ],
    [
      'points movements of a member, newest first',
      (d) => d.collection(C.pointsMovements).where({ memberId: 'm1' }).orderBy('at', 'desc').orderBy('_id', 'desc').skip(20).limit(21),
      'i:points_movements:memberId+at',
    ],
    [
      "the day's orders of one status (orderDesk.listDay)",
      (d) => d.collection(C.orders).where({ 'slot.day': '2026-12-02', status: 'paid' }).orderBy('_id', 'asc').skip(20).limit(21),
      'i:orders:slot.day+status',
    ],
    [
      'orders of a member, newest first (orders.history)',
      (d) => d.collection(C.orders).where({ memberId: 'm1' }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(20).limit(21),
      'i:orders:memberId+createdAt',
    ],
    [
      'coupons of a member, newest first',
      (d) => d.collection(C.coupons).where({ memberId: 'm1' }).orderBy('issuedAt', 'desc').orderBy('_id', 'desc').limit(100),
      'i:coupons:memberId+issuedAt',
    ],
    [
      'tier history of a member',
      (d) => d.collection(C.tierHistory).where({ memberId: 'm1' }).orderBy('at', 'desc').skip(0).limit(11),
      'i:tier_history:memberId+at',
    ],
    ['audit trail of a member', (d) => d.collection(C.audit).where({ target: '100001' }).orderBy('at', 'desc').orderBy('_id', 'desc').limit(11), 'i:audit_log:target+at'],
    ['audit by staff member (team.auditByStaff)', (d) => d.collection(C.audit).where({ actor: 'o-staff' }).orderBy('at', 'desc').orderBy('_id', 'desc').skip(20).limit(21), 'i:audit_log:actor+at'],
    ['pending approval requests, oldest first', (d) => d.collection(C.approvals).where({ status: 'pending' }).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(21), 'i:approvals:status+createdAt'],
    [
      'notices of a reader, newest first (消息)',
      (d) => d.collection(C.notices).where({ owner: 'o1' }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(20).limit(21),
      'i:notices:owner+createdAt',
    ],
    ['unread notices of a reader (badge)', (d) => d.collection(C.notices).where({ owner: 'o1', unread: 1 }), 'i:notices:owner+unread'],
    ['outbox entries due (desk tick)', (d) => d.collection(C.noticeOutbox).where({ status: 'queued', dueAt: _.lte(10) }).orderBy('dueAt', 'asc').limit(200), 'i:notice_outbox:status+dueAt'],
    // The jobs page by cursor: walking the primary key in order stays linear even when every account
    // is due (year end), where a nextDueAt range would be re-read and sorted for every page.
    [
      'accounts due after a cursor (settle / expire jobs)',
      (d) => d.collection(C.pointsAccounts).where({ nextDueAt: _.lte(10), _id: _.gt('a') }).orderBy('_id', 'asc').limit(200),
      'sqlite_autoindex_c_points_accounts_1',
    ],
    ['members page (tier review)', (d) => d.collection(C.members).where({ _id: _.gt('a') }).orderBy('_id', 'asc').limit(200), 'sqlite_autoindex_c_members_1'],
    // Reconcile walks movements by member; ties within a member are sorted (a member's few rows).
    [
      'movements page by member (reconcile)',
      (d) => d.collection(C.pointsMovements).where({ memberId: _.gt('m0') }).orderBy('memberId', 'asc').limit(200),
      'i:points_movements:memberId+at',
    ],
    // Staff search's segment filter: one segment's customers by spend (its count is checked below).
    [
      'customers of an RFM segment, highest spend first (crm.segment)',
      (d) => d.collection(C.crmProfiles).where({ 'rfm.segment': '重要价值' }).orderBy('rfm.monetaryFen', 'desc').orderBy('_id', 'desc').skip(20).limit(21),
      'i:crm_profiles:rfm.segment+rfm.monetaryFen',
    ],
];

describe('query plans of the hot queries', () => {
  it.each(HOT)('%s uses an index and no full scan or sort', (_name, build, index) => {
    const plan = db.explain(build(db));
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.join('\n')).not.toMatch(/\bSCAN\b/);
    // Only ties may need sorting (orderBy('at') alone gets the implicit `_id` tiebreak).
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    expect(plan[0]).toContain(`USING INDEX ${index} `);
  });

  it("counts an RFM segment's customers (crm.segments) through its index", () => {
    // A count has no order: only the lookup matters (explain adds the implicit _id order of a get).
    const plan = db.explain(db.collection(C.crmProfiles).where({ 'rfm.segment': '重要价值' }));
    expect(plan.join('\n')).not.toMatch(/\bSCAN\b/);
    expect(plan[0]).toContain('USING INDEX i:crm_profiles:rfm.segment+rfm.monetaryFen ');
  });

  it("counts a delivery window's orders of the day (orderDesk.listDay) through the day index", () => {
    const plan = db.explain(db.collection(C.orders).where({ 'slot.day': '2026-12-02', 'slot.window': 'am' }));
    // The window is checked on the day's orders only (it is not indexed, so arrays are looked into).
    expect(plan.join('\n')).not.toMatch(/\bSCAN c_orders\b/);
    expect(plan[0]).toContain('USING INDEX i:orders:slot.day+status ');
  });

  it('reports a full scan for a query no index serves (so the checks above can fail)', () => {
    expect(db.explain(db.collection(C.members).where({ name: 'x' })).join('\n')).toMatch(/\bSCAN c_members\b/);
    expect(db.explain(db.collection(C.members).orderBy('name', 'asc')).join('\n')).toMatch(/TEMP B-TREE/);
  });

  it('gets the indexed member in well under a millisecond among 20k', async () => {
    const members = Array.from({ length: 20_000 }, (_, i) => ({ _id: `x${i}`, memberNo: String(200_000 + i) }));
    await db.importMany(C.members, members);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i += 1) {
      const { data } = await db.collection(C.members).where({ memberNo: String(200_000 + ((i * 7919) % 20_000)) }).limit(1).get();
      if (data.length !== 1) throw new Error('not found');
    }
    expect(Number(process.hrtime.bigint() - started) / 1e6 / 1000).toBeLessThan(0.5);
  });
});
