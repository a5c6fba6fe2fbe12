/**
 * Taro page lifecycle hooks, re-exported from one place: they need a running Taro app, so component
 * tests replace this module (see test/ui/pageHooks.ts).
 */
export { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
