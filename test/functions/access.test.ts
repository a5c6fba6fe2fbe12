import { functions } from '../../cloudfunctions/registry';
import { C } from '../../cloudfunctions/services/collections';
import { forgedIdentity, MALFORMED_PAYLOADS, MATRIX, MATRIX_PAY_SUBMIT, MATRIX_RESOLVED_CASE, MATRIX_SURVEY_ORDER, type World } from './accessMatrix';
import { seedMatrixCases } from './caseFixtures';
import { addStaff, completedOrder } from './fixtures';
import { createHarness, type Harness } from './harness';
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
  world = { alice: await enroll('o-alice', '爱丽丝水果店'), bob: await enroll('o-bob', '鲍勃生鲜'), staff: 'o-staff', manager: 'o-manager' };
  // Past the after-sales window, so the points from those orders are usable.
  h.clock.now += 8 * 86_400_000;
  await addStaff(h, world.staff, 'staff');
  await addStaff(h, world.manager, 'manager');
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
      expect(res.ok).toBe(true);
    } else {
      expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await snapshot(h.db)).toEqual(before);
    }
  });
});

const RANK = { customer: 0, staff: 1, manager: 2, system: 2 } as const;
const guardedCases = cases.filter(([fn, action]) => MATRIX[fn]?.[action]?.access !== 'customer');

describe.each(guardedCases)('%s.%s: access is checked before the payload', (fn, action) => {
  const access = () => MATRIX[fn]?.[action]?.access ?? 'customer';
  /** Every caller below the action's access: a customer, and staff for manager/system actions. */
  const outsiders = () => [world.alice.openid, ...(RANK[access()] > RANK.staff ? [world.staff] : [])];

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
    const insider = access() === 'staff' ? world.staff : world.manager;
    const res = await h.call(fn, insider, { action, payload: { bogus: true } });
    expect(res).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });
});

const customerCases = cases.filter(([fn, action]) => MATRIX[fn]?.[action]?.access === 'customer');

it.each(customerCases)("%s.%s: a customer's answer never contains another customer's data", async (fn, action) => {
  const res = await h.call(fn, world.alice.openid, { action, payload: MATRIX[fn]?.[action]?.payload(world) });
  expect(res.ok).toBe(true);
  const text = JSON.stringify(res);
  expect(text).not.toContain(world.bob.openid);
  expect(text).not.toContain(world.bob.memberNo);
  expect(text).not.toContain(world.bob.displayName);
});
