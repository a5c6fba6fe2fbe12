import { Text, View } from '@tarojs/components';
import { tappable } from '../Tappable';
import './index.css';

interface Props {
  open: boolean;
  /** Heading, e.g. "确认兑换". */
  title: string;
  /** A name that must stay one unit (a coupon, a member): one line, ellipsized when too long. */
  name?: string;
  /** Text under the name, e.g. "将使用 500 积分". */
  message?: string;
  confirmLabel?: string;
  cancelLabel?: string;
  /** Confirm in the negative colour (扣减, 作废). */
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * ConfirmDialog: a modal asking to confirm one action on one named thing. The name is a single
 * nowrap unit (never split across lines); the full text stays in the DOM for screen readers. In H5, Escape
 * cancels. Props: `open`, `title`, `name?`, `message?`, `confirmLabel` (确定), `cancelLabel` (取消),
 * `danger?`, `onConfirm`, `onCancel`.
 */
export function ConfirmDialog({ open, title, name, message, confirmLabel = '确定', cancelLabel = '取消', danger = false, onConfirm, onCancel }: Props) {
  if (!open) return null;
  const onKeyDown = (e: { key?: string; detail?: { key?: string } }) => {
    if ((e.key ?? e.detail?.key) === 'Escape') onCancel();
  };
  return (
    <View className='dialog-scrim' onClick={onCancel}>
      <View
        className='dialog'
        ariaLabel={title}
        {...{ role: 'dialog', 'aria-modal': 'true', onKeyDown }}
        onClick={(e) => e.stopPropagation()}
      >
        <View className='dialog-title'>{title}</View>
        {name ? (
          <View className='dialog-name-line'>
            <Text className='dialog-name'>{name}</Text>
          </View>
        ) : null}
        {message ? <View className='dialog-message'>{message}</View> : null}
        <View className='dialog-actions'>
          <View className='dialog-btn dialog-cancel' {...tappable({ onPress: onCancel })}>
            {cancelLabel}
          </View>
          <View className={danger ? 'dialog-btn dialog-confirm dialog-danger' : 'dialog-btn dialog-confirm'} {...tappable({ onPress: onConfirm })}>
            {confirmLabel}
          </View>
        </View>
      </View>
    </View>
  );
}
