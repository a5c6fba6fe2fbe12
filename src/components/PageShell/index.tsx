import type { ComponentType, PropsWithChildren, ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { back, backTarget, HOME, switchTab } from '../../lib/routes';
import { PrivacyPopup } from '../PrivacyPopup';
import { tappable } from '../Tappable';
import './index.css';

// The H5 dev switch: required only in the H5 build; webpack drops this branch (and src/dev) from weapp.
const DevSwitch: ComponentType | null =
  process.env.TARO_ENV === 'h5'
    ? (require('../../dev/DevSwitch') as typeof import('../../dev/DevSwitch')).DevSwitch
    : null;

const isH5 = process.env.TARO_ENV === 'h5';

interface Props {
  /**
   * The page title, shown in H5 only (weapp draws its native bar from the page config, which should
   * carry the same words).
   */
  title?: string;
  className?: string;
  /** Pinned at the bottom above the safe area (a submit bar); content scrolls above it. */
  footer?: ReactNode;
  /** false: no H5 back control (a page whose content already leads home). */
  back?: boolean;
}

/**
 * The H5 header: 返回 when a page lies underneath, 首页 when opened directly, nothing on a root tab;
 * the dev switch's handle sits at its right end, in space of its own, so it never covers content.
 */
function H5Header({ title, back: showBack }: { title?: string; back: boolean }) {
  const target = showBack ? backTarget() : null;
  if (!title && !target && !DevSwitch) return null;
  return (
    <View className='shell-header'>
      {target ? (
        <View className='shell-back' {...tappable({ onPress: () => void (target === 'back' ? back() : switchTab(HOME)), label: target === 'back' ? '返回上一页' : '回到首页' })}>
          {target === 'back' ? '‹ 返回' : '首页'}
        </View>
      ) : null}
      {title ? (
        <Text className='shell-title' {...{ role: 'heading', 'aria-level': 1 }}>
          {title}
        </Text>
      ) : (
        <View className='shell-title' />
      )}
      {DevSwitch ? <DevSwitch /> : null}
    </View>
  );
}

/**
 * PageShell: the frame every page renders in: the grey page, an H5 header (title, back control and
 * the dev switch's handle), safe-area padding at the bottom. Put content in `Card`s; render loading /
 * error / empty through `Remote` (or `StateView`) inside it.
 * - `title`: H5 header title; `back` (default true): show 返回 / 首页 in H5; `footer`: a bottom
 *   bar; `className`: extra class on the page root.
 * Every page also gets the privacy-guide popup: WeChat holds a privacy API (photos, clipboard, …)
 * until the open page answers, and a page without the popup would leave that call hanging; here no
 * page, present or future, can miss it (it renders nothing until WeChat asks).
 */
export function PageShell({ children, className, title, footer, back: showBack = true }: PropsWithChildren<Props>) {
  return (
    <View className={className ? `page ${className}` : 'page'}>
      {isH5 ? <H5Header title={title} back={showBack} /> : null}
      {children}
      {footer ? <View className='shell-footer'>{footer}</View> : null}
      <PrivacyPopup />
    </View>
  );
}

/**
 * Card: one white panel on the grey page.
 * - `title`: optional heading; `className`: extra class.
 */
export function Card({ title, className, children }: PropsWithChildren<{ title?: string; className?: string }>) {
  return (
    <View className={className ? `panel ${className}` : 'panel'}>
      {title ? <View className='panel-title'>{title}</View> : null}
      {children}
    </View>
  );
}
