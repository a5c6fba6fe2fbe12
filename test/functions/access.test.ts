import { functions } from '../../cloudfunctions/registry';
import type { Access } from '../../cloudfunctions/runtime/router';
import { C } from '../../cloudfunctions/services/collections';
import { forgedIdentity, MALFORMED_PAYLOADS, MATRIX, MATRIX_PAY_SUBMIT, MATRIX_RESOLVED_CASE, MATRIX_SURVEY_ORDER, type World } from './accessMatrix';
import { seedMatrixCases } from './caseFixtures';
import { addStaff, completedOrder } from './fixtures';
import { addStaffAs, createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

let h: Harness;
let world: World;

beforeAll(async () => {
  h = await createHarness(Date.parse('2026-11-25T02:00:00Z'), { retryFirstAttempt: false });
  const enroll = async (openid: string, displayName: string) => {
    await h.ok('member', openid, 'getCard');
    await h.db.collection(C.members).doc(openid).update({ data: { displayName } });
    await completedOrder(h, openid, 12_345_00);
    const doc = (await h.db.collection(C.members).doc(openid).get()).data as { memberNo: string };
    return { openid, memberNo: doc.memberNo, displayName };
  };
  world = { alice: await enroll('o-alice', '爱丽丝水果店'), bob: await enroll('o-bob', '鲍勃生鲜'), staff: 'o-staff', agent: 'o-agent', manager: 'o-manager', admin: 'o-admin' };
  // Past the after-sales window, so the points from those orders are usable.
  h.clock.now += 8 * 86_400_000;
  await addStaff(h, world.staff, 'staff');
  await addStaff(h, world.manager, 'manager');
  await addStaffAs(h, world.agent, 'agent');
  await addStaffAs(h, world.admin, 'admin');
  await h.ok('orders', world.alice.openid, 'submit', MATRIX_PAY_SUBMIT);
  await seedMatrixCases(h, world.alice.openid, MATRIX_RESOLVED_CASE, MATRIX_SURVEY_ORDER);
});
afterAll(() => h.close());

const cases = Object.entries(functions).flatMap(([fn, def]) => Object.keys(def.actions).map((action) => [fn, action] as const));

it('every action of every function has an access-matrix entry with the access it declares', () => {
  for (const [fn, action] of cases) {
    const entry = MATRIX[fn]?.[action];
    expect({ fn, action, declared: entry?.access }).toEqual({ fn, action, declared: functions[fn]?.actions[action]?.access });
  }
});

describe.each(cases)('%s.%s', (fn, action) => {
  const entry = () => MATRIX[fn]?.[action] as NonNullable<(typeof MATRIX)[string]>[string];
  const caller = () => (entry().access === 'customer' ? world.alice.openid : entry().access === 'staff' ? world.staff : world.manager);

  it('rejects forged identity fields in the payload or the event and writes nothing', async () => {
    const before = await snapshot(h.db);
    const inPayload = await h.call(fn, caller(), { action, payload: { ...entry().payload(world), ...forgedIdentity(world) } });
    const inEvent = await h.call(fn, caller(), { action, payload: entry().payload(world), ...forgedIdentity(world) });
    expect(inPayload).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(inEvent).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a customer reaches it only if it is a customer action', async () => {
    const before = await snapshot(h.db);
    const res = await h.call(fn, world.alice.openid, { action, payload: entry().payload(world) });
    if (entry().access === 'customer') {
      expect(res.ok ? 'ok' : res.error.code).toBe(entry().refusal ?? 'ok');
    } else {
      expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await snapshot(h.db)).toEqual(before);
    }
  });
});

const RANK = { customer: 0, staff: 1, manager: 2, system: 2, admin: 3 } as const;
const guardedCases = cases.filter(([fn, action]) => MATRIX[fn]?.[action]?.access !== 'customer');

describe.each(guardedCases)('%s.%s: access is checked before the payload', (fn, action) => {
  const access = () => MATRIX[fn]?.[action]?.access ?? 'customer';
  /** Every caller below the action's access: a customer, and staff for manager/system actions. */
  const outsiders = () => [world.alice.openid, ...(RANK[access()] > RANK.staff ? [world.staff, world.agent] : []), ...(RANK[access()] > RANK.manager ? [world.manager] : [])];

  it.each(MALFORMED_PAYLOADS.map((p) => [JSON.stringify(p), p]))('a caller without access sending %s gets AUTH.FORBIDDEN and changes nothing', async (_label, payload) => {
    const before = await snapshot(h.db);
    for (const openid of outsiders()) {
      const res = await h.call(fn, openid, { action, payload });
      expect({ openid, res }).toEqual({ openid, res: { ok: false, error: { code: 'AUTH.FORBIDDEN', message: expect.any(String) } } });
      // Nothing about the schema leaks into the refusal.
      expect(JSON.stringify(res)).not.toMatch(/Expected|Required|invalid_type|参数不正确/);
    }
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a caller with access sending the same payload gets REQUEST.INVALID', async () => {
    const insider = access() === 'staff' ? world.staff : access() === 'admin' ? world.admin : world.manager;
    const res = await h.call(fn, insider, { action, payload: { bogus: true } });
    expect(res).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });
});

/**
 * The role matrix: every action for each role. Who gets past the access check is written out here,
 * not computed from core/staff/roles.ts, so a change to the rules there shows up as a failure. An
 * admitted caller sends a payload no schema accepts (REQUEST.INVALID proves the access check passed,
 * without running the action); a refused one gets AUTH.FORBIDDEN and changes nothing.
 */
const ROLES = ['customer', 'clerk', 'agent', 'manager', 'admin'] as const;
const ADMITTED: Record<Access, readonly (typeof ROLES)[number][]> = {
  customer: ['customer', 'clerk', 'agent', 'manager', 'admin'],
  staff: ['clerk', 'agent', 'manager', 'admin'],
  manager: ['manager', 'admin'],
  system: ['manager', 'admin'],
  admin: ['admin'],
};
const openidOf = (role: (typeof ROLES)[number]): string =>
  ({ customer: world.alice.openid, clerk: world.staff, agent: world.agent, manager: world.manager, admin: world.admin })[role];

describe.each(cases)('%s.%s: the role matrix', (fn, action) => {
  it.each(ROLES.map((r) => [r]))('as %s', async (role) => {
    const access = MATRIX[fn]?.[action]?.access ?? 'customer';
    const before = await snapshot(h.db);
    const res = await h.call(fn, openidOf(role), { action, payload: { bogus: true } });
    if (ADMITTED[access].includes(role)) {
      expect({ role, res }).toMatchObject({ role, res: { ok: false, error: { code: 'REQUEST.INVALID' } } });
    } else {
      expect({ role, res }).toMatchObject({ role, res: { ok: false, error: { code: 'AUTH.FORBIDDEN' } } });
      expect(await snapshot(h.db)).toEqual(before);
    }
  });
});

const customerCases = cases.filter(([fn, action]) => MATRIX[fn]?.[action]?.access === 'customer');

it.each(customerCases)("%s.%s: a customer's answer never contains another customer's data", async (fn, action) => {
  const res = await h.call(fn, world.alice.openid, { action, payload: MATRIX[fn]?.[action]?.payload(world) });
  expect(res.ok ? 'ok' : res.error.code).toBe(MATRIX[fn]?.[action]?.refusal ?? 'ok');
  const text = JSON.stringify(res);
  expect(text).not.toContain(world.bob.openid);
  expect(text).not.toContain(world.bob.memberNo);
  expect(text).not.toContain(world.bob.displayName);
});
