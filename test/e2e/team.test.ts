/**
 * 团队管理 in the browser: the demo manager opens it from the staff home and creates a one-time invite
 * code for a 客服; a newcomer enters it under 加入团队 and becomes one; the manager's list shows them
 * and the same code is refused a second time (the server's own state is the truth).
 */
import { settled, useBrowserSession } from './localCloud';

jest.setTimeout(240_000);

const session = useBrowserSession();
const MANAGER = 'demo-manager';
const NEWCOMER = 'e2e-newcomer-1';

type TeamList = { items: { name: string; role: string; active: boolean }[] };

it('the manager invites a 客服 with a one-time code; the newcomer joins with it, once', async () => {
  const page = await session.openAs(MANAGER, '/staff/pages/home/index');
  await page.getByRole('link', { name: '团队管理' }).click({ timeout: 60_000 });
  const invite = page.locator('.team-invite');
  await invite.waitFor({ timeout: 30_000 });
  await settled(page);
  await invite.getByRole('button', { name: '客服' }).click();
  await invite.getByRole('button', { name: '生成邀请码' }).click();
  const shown = invite.locator('.invite-code-value');
  await shown.waitFor({ timeout: 15_000 });
  const code = ((await shown.textContent()) ?? '').trim();
  expect(code).toMatch(/^[A-Z0-9]{10}$/);
  expect(await invite.locator('.invite-code').textContent()).toContain('客服邀请码');

  // The newcomer enters it with their name under 加入团队.
  const join = await session.openAs(NEWCOMER, '/packages/join/pages/redeem/index');
  await join.locator('.join-code input').waitFor({ timeout: 60_000 });
  await join.locator('.join-code input').fill(code);
  await join.locator('.join-name input').fill('赵敏');
  await join.getByRole('button', { name: '加入团队' }).click();
  await join.getByRole('status').filter({ hasText: '赵敏，你已成为客服' }).waitFor({ timeout: 15_000 });
  await join.close();

  // The server agrees, and the code worked once.
  const team = await session.call<TeamList>('team', MANAGER, 'list', { page: 0, pageSize: 50 });
  expect(team.items.filter((m) => m.name === '赵敏')).toEqual([expect.objectContaining({ role: 'agent', active: true })]);
  await expect(session.call('team', 'e2e-newcomer-2', 'redeemInvite', { code, name: '冒用' })).rejects.toThrow('TEAM.INVITE_USED');

  // Back on 团队管理 (reloaded), the new 客服 is listed.
  await page.reload();
  await page.locator('.team-member').filter({ hasText: '赵敏' }).waitFor({ timeout: 60_000 });
  expect(await page.locator('.team-member').filter({ hasText: '赵敏' }).textContent()).toContain('客服 · 在职');
  await page.close();
});
