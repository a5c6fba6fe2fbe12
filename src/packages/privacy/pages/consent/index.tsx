import { View } from '@tarojs/components';
import { Card, PageShell } from '../../../../components/PageShell';
import { Tappable } from '../../../../components/Tappable';
import { useRouter } from '../../../../hooks/lifecycle';
import { back, open, replace, ROUTES } from '../../../../lib/routes';
import { localConsent } from '../../../../components/PrivacyPopup/prompt';
import { POLICY_SECTIONS } from '../../policyText';
import '../../privacy.css';

/**
 * H5's consent step (weapp uses WeChat's own privacy popup): what is collected and why, in the
 * policy's own words, before the profile form asks for a name and phone. Agreeing records the policy
 * version on this device and goes on; disagreeing goes back with nothing recorded.
 */
export default function ConsentPage() {
  const { params } = useRouter();
  const agree = () => {
    localConsent.record(Date.now());
    if (params.next === 'profile') void replace(ROUTES.privacyProfile);
    else void back();
  };
  const [what, why] = POLICY_SECTIONS;
  return (
    <PageShell title='个人信息保护'>
      <Card title='在您填写资料前'>
        <View className='policy-item'>鲜友会需要处理您的个人信息才能为您送货、计算积分和处理售后。</View>
        {[what, why].map((s) =>
          s ? (
            <View key={s.title}>
              <View className='policy-section-title'>{s.title}</View>
              {s.items.map((item) => (
                <View key={item} className='policy-item'>
                  {item}
                </View>
              ))}
            </View>
          ) : null,
        )}
        <Tappable className='privacy-link' role='link' onPress={() => void open(ROUTES.privacyPolicy)}>
          阅读完整的《隐私政策》
        </Tappable>
        <View className='consent-actions'>
          <Tappable className='btn btn-ghost' onPress={() => void back()}>
            不同意
          </Tappable>
          <Tappable className='btn' onPress={agree}>
            同意并继续
          </Tappable>
        </View>
      </Card>
    </PageShell>
  );
}
