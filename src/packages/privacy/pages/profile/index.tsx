import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { PHONE_PATTERN, PRIVACY_POLICY_VERSION, PROFILE_LIMITS } from '@contracts/privacy';
import { Card, PageShell } from '../../../../components/PageShell';
import { Tappable } from '../../../../components/Tappable';
import { TextField } from '../../../../components/TextField';
import { open, replace, ROUTES } from '../../../../lib/routes';
import { callCloud } from '../../../../services/cloud';
import { customerCallsAllowed } from '../../../../services/entry';
import { errorMessage } from '../../../../services/errors';
import { localConsent } from '../../../../components/PrivacyPopup/prompt';
import '../../privacy.css';

export interface ProfileErrors { name: string | null; phone: string | null; consent: string | null }

/** The same rules as the server's schema (member.updateProfile), checked before sending. */
export function checkProfile(name: string, phone: string, agreed: boolean): ProfileErrors | null {
  const trimmed = name.trim();
  const errors: ProfileErrors = {
    name: trimmed.length < PROFILE_LIMITS.nameMin ? '请填写姓名' : trimmed.length > PROFILE_LIMITS.nameMax ? `姓名最多 ${PROFILE_LIMITS.nameMax} 个字` : null,
    phone: PHONE_PATTERN.test(phone) ? null : '请填写 11 位手机号（1 开头）',
    consent: agreed ? null : '请先阅读并同意隐私政策',
  };
  return errors.name || errors.phone || errors.consent ? errors : null;
}

/**
 * 完善资料: name and phone, typed (WeChat's getPhoneNumber is billed per success, so it is not used),
 * saved with the consent to the current 隐私政策. In H5 the consent page comes first.
 */
export default function ProfilePage() {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [errors, setErrors] = useState<ProfileErrors | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (process.env.TARO_ENV === 'h5' && !localConsent.current()) {
      void replace(ROUTES.privacyConsent, { next: 'profile' });
      return;
    }
    let live = true;
    customerCallsAllowed()
      .then(() => callCloud('member', 'getProfile'))
      .then((p) => {
        if (!live) return;
        if (p.phone) {
          setName(p.displayName);
          setPhone(p.phone);
        }
        setAgreed(p.consent?.version === PRIVACY_POLICY_VERSION);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const save = async () => {
    if (saving) return;
    const problems = checkProfile(name, phone, agreed);
    setErrors(problems);
    if (problems) return;
    setSaving(true);
    setStatus(null);
    try {
      await callCloud('member', 'updateProfile', { name: name.trim(), phone, consentVersion: PRIVACY_POLICY_VERSION });
      setStatus('已保存');
    } catch (e) {
      setStatus(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageShell title='完善资料'>
      <Card>
        <View className='muted'>填写姓名和手机号，方便送货联系和售后回访。</View>
        <TextField label='姓名' value={name} onChange={setName} maxLength={PROFILE_LIMITS.nameMax} placeholder='如：陈阿姨' error={errors?.name ?? null} />
        <TextField label='手机号' value={phone} onChange={(t) => setPhone(t.replace(/\s/g, ''))} maxLength={11} placeholder='11 位手机号' error={errors?.phone ?? null} />
        <View className='profile-consent'>
          <Tappable className={agreed ? 'consent-toggle consent-on' : 'consent-toggle'} pressed={agreed} label='我已阅读并同意隐私政策' onPress={() => setAgreed(!agreed)}>
            {agreed ? '☑' : '☐'} 我已阅读并同意
          </Tappable>
          <Tappable className='privacy-link' role='link' onPress={() => void open(ROUTES.privacyPolicy)}>
            《隐私政策》
          </Tappable>
        </View>
        {errors?.consent ? <View className='profile-error'>{errors.consent}</View> : null}
        <Tappable className='btn' disabled={saving} onPress={() => void save()}>
          {saving ? '正在保存…' : '保存'}
        </Tappable>
        {status ? (
          <View className='mydata-status' {...{ role: 'status' }}>
            {status}
          </View>
        ) : null}
      </Card>
    </PageShell>
  );
}
