/**
 * H5 local mode only: the switch to act as one of the demo identities served by the local server
 * (GET /dev/identities). Collapsed it is a small round 身份 handle in the bottom-right corner (the
 * page gets extra bottom padding, see DevSwitch.css, so it never hides the end of a page); open it
 * is a sheet with a close button. Keyboard: Tab to the handle, Enter opens, Escape closes. The choice
 * is kept in localStorage and pages reload their data.
 * Never part of the weapp build (PageShell requires this file only when TARO_ENV is 'h5').
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { DemoIdentityView } from '@contracts/api';
import { Tappable } from '../components/Tappable';
import { listDemoIdentities } from '../services/api';
import { errorMessage } from '../services/errors';
import { getDevOpenid, setDevOpenid } from './identity';
import './DevSwitch.css';

const ROLE_NAMES: Record<DemoIdentityView['role'], string> = { customer: '顾客', staff: '店员', agent: '客服', manager: '店长', admin: '管理员' };

/** Move keyboard focus to the first element matching `selector` once it is rendered (H5 DOM). */
function focusSoon(selector: string): void {
  setTimeout(() => {
    const el = typeof document === 'undefined' ? null : (document.querySelector(selector) as HTMLElement | null);
    el?.focus?.();
  }, 0);
}

export function DevSwitch() {
  const [open, setOpen] = useState(false);
  const [identities, setIdentities] = useState<DemoIdentityView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState<string | null>(() => getDevOpenid());

  useEffect(() => {
    let alive = true;
    listDemoIdentities().then(
      (list) => {
        if (!alive) return;
        setIdentities(list);
        // On a first visit the transport has meanwhile picked the first identity (see localCloud).
        setCurrent(getDevOpenid());
      },
      (e: unknown) => {
        if (alive) setError(errorMessage(e));
      },
    );
    return () => {
      alive = false;
    };
  }, []);

  const show = () => {
    setOpen(true);
    focusSoon('.dev-switch-sheet .dev-switch-close');
  };
  const close = () => {
    setOpen(false);
    focusSoon('.dev-switch-handle');
  };

  const choose = (openid: string) => {
    close();
    if (openid === current) return;
    setCurrent(openid);
    setDevOpenid(openid);
  };

  const currentLabel = identities?.find((i) => i.openid === current)?.label ?? current ?? '未选择';
  const title = `演示身份：${currentLabel}`;

  if (!open) {
    return (
      <View className='dev-switch'>
        <Tappable key='handle' className='dev-switch-handle' onPress={show} label={title}>
          身份
        </Tappable>
      </View>
    );
  }
  const onKeyDown = (e: { key?: string; detail?: { key?: string } }) => {
    if ((e.key ?? e.detail?.key) === 'Escape') close();
  };
  // The scrim is a child of a root without handlers: in Taro's H5 runtime the click that opened the
  // sheet goes on bubbling after the re-render, and a root that became the scrim closed it at once.
  return (
    <View className='dev-switch'>
      <View key='scrim' className='dev-switch-scrim' onClick={close}>
        <View className='dev-switch-sheet' ariaLabel='演示身份' {...{ role: 'dialog', onKeyDown }} onClick={(e) => e.stopPropagation()}>
          <View className='dev-switch-head'>
            <Text className='dev-switch-title'>{title}</Text>
            <Tappable className='dev-switch-close' onPress={close} label='关闭演示身份'>
              关闭
            </Tappable>
          </View>
          {error ? (
            <View className='dev-switch-error' {...{ role: 'alert' }}>
              {error}
            </View>
          ) : null}
          {identities === null && !error ? <View className='dev-switch-item'>加载中…</View> : null}
          {(identities ?? []).map((identity) => (
            <Tappable
              key={identity.openid}
              className={identity.openid === current ? 'dev-switch-item dev-switch-item-active' : 'dev-switch-item'}
              onPress={() => choose(identity.openid)}
              pressed={identity.openid === current}
              label={`${identity.label}，${ROLE_NAMES[identity.role]}`}
            >
              {identity.label}
              <Text className='dev-switch-role'>{ROLE_NAMES[identity.role]}</Text>
            </Tappable>
          ))}
        </View>
      </View>
    </View>
  );
}
