/**
 * H5 local mode only: a floating switch to act as one of the demo identities served by the local
 * server (GET /dev/identities). The choice is kept in localStorage and pages reload their data.
 * Never part of the weapp build (PageShell requires this file only when TARO_ENV is 'h5').
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { DemoIdentityView } from '@contracts/api';
import { listDemoIdentities } from '../services/api';
import { errorMessage } from '../services/errors';
import { getDevOpenid, setDevOpenid } from './identity';
import './DevSwitch.css';

const ROLE_NAMES: Record<DemoIdentityView['role'], string> = { customer: '顾客', staff: '店员', manager: '店长' };

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

  const choose = (openid: string) => {
    setOpen(false);
    if (openid === current) return;
    setCurrent(openid);
    setDevOpenid(openid);
  };

  const currentLabel = identities?.find((i) => i.openid === current)?.label ?? current ?? '未选择';

  return (
    <View className='dev-switch'>
      {open ? (
        <View className='dev-switch-panel'>
          {error ? <View className='dev-switch-error'>{error}</View> : null}
          {identities === null && !error ? <View>加载中…</View> : null}
          {(identities ?? []).map((identity) => (
            <View
              key={identity.openid}
              className={identity.openid === current ? 'dev-switch-item dev-switch-item-active' : 'dev-switch-item'}
              onClick={() => choose(identity.openid)}
            >
              {identity.label}
              <Text className='dev-switch-role'>{ROLE_NAMES[identity.role]}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className='dev-switch-toggle' onClick={() => setOpen(!open)}>
        演示身份：{currentLabel}
      </View>
    </View>
  );
}
