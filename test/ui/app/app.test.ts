// src/app.ts arms the entry check before any page exists, and again when the H5 dev identity changes.
jest.mock('@/services/entry', () => ({ startEntryCheck: jest.fn(() => Promise.resolve('unknown')) }));
// Taro's H5 API has no onPageNotFound outside a running app.
jest.mock('@/lib/routes', () => ({ installNotFound: jest.fn() }));

import { startEntryCheck } from '@/services/entry';
import { whoAmI } from '@/services/api';
import { notifySessionChange } from '@/services/session';

it('starts the entry check at start-up and on every identity change', () => {
  require('@/app');
  expect(startEntryCheck).toHaveBeenCalledTimes(1);
  expect(startEntryCheck).toHaveBeenCalledWith(whoAmI);
  notifySessionChange();
  expect(startEntryCheck).toHaveBeenCalledTimes(2);
});
