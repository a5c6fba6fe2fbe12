import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import NotFoundPage from '@/pages/not-found/index';
import { setRouterParams } from '../pageHooks';

afterEach(() => {
  jest.restoreAllMocks();
  setRouterParams({});
});

it('says the page does not exist, names it, and leads home', () => {
  jest.spyOn(Taro, 'getCurrentPages').mockReturnValue([{ path: '/pages/not-found/index' }] as never);
  const switchTab = jest.spyOn(Taro, 'switchTab').mockResolvedValue({ errMsg: 'ok' } as never);
  setRouterParams({ from: '%2Fpages%2Fnope%2Findex' });
  render(<NotFoundPage />);
  expect(screen.getByText('页面不存在或已下线')).toBeTruthy();
  expect(screen.getByText('没有找到：/pages/nope/index')).toBeTruthy();
  fireEvent.keyDown(screen.getByRole('button', { name: '回到首页' }), { key: 'Enter' });
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/card/index' });
});
