import { Text } from '@tarojs/components';
import { ListRow } from '../../components/ListRow';
import { unreadBadgeText, unreadLabel, useUnreadCount } from '../../hooks/useUnreadCount';
import { open, ROUTES } from '../../lib/routes';

/** The card's way to 消息, with the unread count as a badge (left out while unknown). */
export function NoticesEntry() {
  const unread = useUnreadCount();
  return (
    <ListRow
      className='panel notices-entry'
      title='消息'
      side={unread ? <Text className='unread-badge'>{unreadBadgeText(unread)}</Text> : null}
      label={unreadLabel(unread)}
      onPress={() => void open(ROUTES.notices)}
    />
  );
}
