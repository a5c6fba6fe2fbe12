import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ApiResult } from '@contracts/apiMap';
import { DateText } from '../../../../components/DateText';
import { ListFooter } from '../../../../components/ListFooter';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Tag, type TagTone } from '../../../../components/Tag';
import { Tappable, tappable } from '../../../../components/Tappable';
import { usePageVisibility } from '../../../../hooks/usePageVisibility';
import { usePaged } from '../../../../hooks/usePaged';
import { isTabRoute, open, ROUTES, switchTab, type Params, type StackRoute } from '../../../../lib/routes';
import { callCloud } from '../../../../services/cloud';
import { useSessionVersion } from '../../../../services/session';
import '../../notices.css';

type NoticeView = ApiResult<'notices', 'list'>['items'][number];

const PAGE_SIZE = 20;
const noticeKey = (n: NoticeView) => n.id;
const loadPage = (page: number) => callCloud('notices', 'list', { page, pageSize: PAGE_SIZE });

/** How the notice reached the reader: pushed to WeChat, or only here. */
const DELIVERY: Record<NoticeView['delivery'], { text: string; tone: TagTone }> = {
  pushed: { text: '已推送到微信', tone: 'positive' },
  in_app: { text: '仅应用内', tone: 'neutral' },
  pending: { text: '待推送', tone: 'neutral' },
  unknown: { text: '推送情况未知', tone: 'warning' },
};

/** The notice's page (`packages/…/index?id=1`) as a known route, or null (then a tap only marks it read). */
export function noticeTarget(page: string | null): { route: StackRoute | (typeof ROUTES)['card']; params: Params } | null {
  if (!page) return null;
  const [path = '', query = ''] = page.split('?');
  const route = Object.values(ROUTES).find((r) => r === `/${path.replace(/^\/+/, '')}`);
  if (!route) return null;
  const params: Params = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const [k = '', v = ''] = part.split('=');
    try {
      params[decodeURIComponent(k)] = decodeURIComponent(v);
    } catch {
      return null;
    }
  }
  return { route: route as StackRoute, params };
}

function go(page: string | null): void {
  const target = noticeTarget(page);
  if (!target) return;
  if (isTabRoute(target.route)) void switchTab(target.route);
  else void open(target.route as StackRoute, target.params);
}

function NoticeRow({ notice, read, onOpen }: { notice: NoticeView; read: boolean; onOpen: () => void }) {
  const delivery = DELIVERY[notice.delivery];
  const label = `${read ? '' : '未读，'}${notice.title}：${notice.body}`;
  return (
    <View className={read ? 'panel notice notice-read' : 'panel notice'} {...tappable({ onPress: onOpen, label })}>
      <View className={read ? 'notice-dot notice-dot-read' : 'notice-dot'} />
      <View className='notice-main'>
        <View className='notice-head'>
          <Text className='notice-title'>{notice.title}</Text>
        </View>
        <View className='notice-body'>{notice.body}</View>
        <View className='notice-meta'>
          <DateText value={notice.createdAt} mode='datetime' />
          <Tag tone={delivery.tone}>{delivery.text}</Tag>
        </View>
      </View>
    </View>
  );
}

/** 消息: every notification, pushed to WeChat or not, newest first; a tap marks it read and opens its page. */
export default function NoticesPage() {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const notices = usePaged<NoticeView>(loadPage, noticeKey, [reshown], sessionVersion);
  // Read marks made here show at once; the server is told in the background (marking is idempotent).
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set());
  const [allRead, setAllRead] = useState(false);
  const isRead = (n: NoticeView) => n.read || allRead || readHere.has(n.id);

  const openNotice = (n: NoticeView) => {
    if (!isRead(n)) {
      setReadHere((prev) => new Set(prev).add(n.id));
      callCloud('notices', 'markRead', { ids: [n.id] }).catch(() => undefined);
    }
    go(n.page);
  };
  const readAll = () => {
    setAllRead(true);
    callCloud('notices', 'markRead', { all: true }).catch(() => setAllRead(false));
  };

  let content;
  if (notices.status === 'loading') {
    content = <StateView kind='loading' title='正在加载消息…' />;
  } else if (notices.status === 'error') {
    content = <StateView kind='error' title='消息加载失败' detail={notices.message} onRetry={notices.reload} />;
  } else if (notices.items.length === 0) {
    content = <StateView kind='empty' title='暂无消息' detail='客服回复和处理结果会显示在这里' />;
  } else {
    const unread = notices.items.filter((n) => !isRead(n)).length;
    content = (
      <View>
        <View className='notices-toolbar'>
          <Text {...{ role: 'status' }}>{unread > 0 ? `${unread}${notices.hasMore ? '+' : ''} 条未读` : '全部已读'}</Text>
          {unread > 0 ? (
            <Tappable className='notices-read-all' onPress={readAll}>
              全部标为已读
            </Tappable>
          ) : null}
        </View>
        {notices.items.map((n) => (
          <NoticeRow key={n.id} notice={n} read={isRead(n)} onOpen={() => openNotice(n)} />
        ))}
        <ListFooter list={notices} onMore={notices.loadMore} emptyText='' />
      </View>
    );
  }
  return <PageShell title='消息'>{content}</PageShell>;
}
