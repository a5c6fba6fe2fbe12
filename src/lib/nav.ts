import { navigateTo } from '@tarojs/taro';

/** Open a page on top of the current one (component tests replace this module to see where). */
export function openPage(url: string): void {
  navigateTo({ url }).catch(() => undefined);
}
