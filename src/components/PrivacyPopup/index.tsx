import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { open, ROUTES } from '../../lib/routes';
import { Tappable } from '../Tappable';
import { AGREE_BUTTON_ID, openPrivacyContract, privacyPrompt } from './prompt';
import '../ConfirmDialog/index.css';

/**
 * The popup WeChat's privacy-guide flow needs: shown while a privacy API waits for consent. 同意 is
 * WeChat's own `agreePrivacyAuthorization` button (only its tap counts as consent); 不同意 lets the
 * waiting call fail. `PageShell` renders it on every page, so whichever page calls a privacy API
 * (photos, clipboard, …) shows it; it renders nothing until WeChat asks.
 */
export function PrivacyPopup({ prompt = privacyPrompt }: { prompt?: typeof privacyPrompt }) {
  const [shown, setShown] = useState(prompt.isPending());
  useEffect(() => prompt.subscribe(setShown), [prompt]);
  if (!shown) return null;
  return (
    <View className='dialog-scrim'>
      <View className='dialog privacy-popup' ariaLabel='用户隐私保护提示' {...{ role: 'dialog', 'aria-modal': 'true' }}>
        <View className='dialog-title'>用户隐私保护提示</View>
        <View className='dialog-message'>
          <Text>使用此功能前，请阅读并同意</Text>
          <Tappable className='privacy-link' role='link' onPress={() => openPrivacyContract(() => void open(ROUTES.privacyPolicy))}>
            《鲜友会隐私保护指引》
          </Tappable>
          <Text>。我们只在您使用相应功能时收集必要的信息，您可随时导出或删除。</Text>
        </View>
        <View className='dialog-actions'>
          <Button className='dialog-btn dialog-cancel' onClick={() => prompt.disagree()}>
            不同意
          </Button>
          <Button className='dialog-btn dialog-confirm' id={AGREE_BUTTON_ID} openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={() => prompt.agree()} onClick={process.env.TARO_ENV === 'weapp' ? undefined : () => prompt.agree()}>
            同意
          </Button>
        </View>
      </View>
    </View>
  );
}
