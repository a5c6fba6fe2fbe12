import type { ComponentType, PropsWithChildren } from 'react';
import { View } from '@tarojs/components';

// The H5 dev switch: required only in the H5 build; webpack drops this branch (and src/dev) from weapp.
const DevSwitch: ComponentType | null =
  process.env.TARO_ENV === 'h5'
    ? (require('../dev/DevSwitch') as typeof import('../dev/DevSwitch')).DevSwitch
    : null;

/** The frame every page renders in. */
export function PageShell({ children, className }: PropsWithChildren<{ className?: string }>) {
  return (
    <View className={className ? `page ${className}` : 'page'}>
      {children}
      {DevSwitch ? <DevSwitch /> : null}
    </View>
  );
}
