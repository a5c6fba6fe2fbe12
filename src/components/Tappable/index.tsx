import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';

/**
 * Tappable: one way to make anything tappable reachable for assistive tech and the keyboard.
 *
 * `tappable({ onPress, label?, role?, disabled?, pressed? })` returns props for a Taro `View`:
 * - weapp: `ariaRole` / `ariaLabel` (rendered as `aria-role` / `aria-label`);
 * - H5: a real `role` (Taro renders `ariaRole` as a non-standard `aria-role` attribute there),
 *   `aria-label`, `tabIndex=0` and Enter/Space calling the same handler as a tap.
 * `<Tappable onPress label? role? disabled? pressed? className?>children</Tappable>` wraps a View.
 */
export interface TapOptions {
  onPress: () => void;
  /** Accessible name; defaults to the visible text. */
  label?: string;
  role?: 'button' | 'link' | 'tab';
  disabled?: boolean;
  /** For toggle buttons (加/减): announced as pressed / not pressed; for a tab, as selected. */
  pressed?: boolean;
}

const isH5 = process.env.TARO_ENV === 'h5';

interface KeyLike {
  key?: string;
  detail?: { key?: string };
  preventDefault?: () => void;
}

/** Enter or Space, from a DOM keyboard event or Taro's wrapped one. */
export function isActivationKey(e: KeyLike): boolean {
  const key = e.key ?? e.detail?.key;
  return key === 'Enter' || key === ' ' || key === 'Spacebar';
}

// Typed loosely on purpose: `role`, `aria-*` and `tabIndex` are valid DOM attributes that Taro's View
// typings do not list; Taro's H5 components forward them to the element.
export function tappable({ onPress, label, role = 'button', disabled = false, pressed }: TapOptions): Record<string, unknown> {
  const press = () => {
    if (!disabled) onPress();
  };
  const props: Record<string, unknown> = { onClick: press };
  if (label) props.ariaLabel = label;
  if (isH5) {
    props.role = role;
    props.tabIndex = disabled ? -1 : 0;
    if (disabled) props['aria-disabled'] = 'true';
    // A tab is selected, not pressed (aria-pressed is not allowed on role=tab).
    if (pressed !== undefined) props[role === 'tab' ? 'aria-selected' : 'aria-pressed'] = pressed ? 'true' : 'false';
    props.onKeyDown = (e: KeyLike) => {
      if (!isActivationKey(e)) return;
      e.preventDefault?.(); // Space would scroll the page
      press();
    };
  } else {
    props.ariaRole = role;
  }
  return props;
}

export function Tappable({ children, className, ...options }: PropsWithChildren<TapOptions & { className?: string }>) {
  return (
    <View className={className} {...tappable(options)}>
      {children}
    </View>
  );
}
