import { cleanup } from '@testing-library/react';

// Page lifecycle hooks (useDidShow, useDidHide) need a running Taro app; tests drive them by hand.
jest.mock('../../../src/hooks/lifecycle', () => jest.requireActual('../pageHooks').pageHooks);

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
