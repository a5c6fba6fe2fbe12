import { useEffect, useRef, useState } from 'react';
import { View } from '@tarojs/components';
import { Card, PageShell } from '../../../components/PageShell';
import { ListFooter } from '../../../components/ListFooter';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { usePageVisibility } from '../../../hooks/usePageVisibility';
import { usePaged } from '../../../hooks/usePaged';
import { openPage } from '../../../lib/nav';
import { ROUTES, urlOf } from '../../../lib/routes';
import { addDays, shanghaiDay } from '../../../format/date';
import { useSessionVersion } from '../../../services/session';
import { errorMessage } from '../../../services/errors';
import { tierTitle } from '../../../format/tier';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { usePullRefresh } from '../../lib/pullRefresh';
import { answer, CHANNELS, KIND_LABELS, listCare, NOTE_MAX, TIER_NAMES, type CareAction, type CareRow, type ContactChannel } from './care';
import '../../staff.css';
import './care.css';

const PAGE_SIZE = 20;

function ContactForm({ row, busy, onSave, onCancel }: { row: CareRow; busy: boolean; onSave: (channel: ContactChannel, note: string) => void; onCancel: () => void }) {
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [note, setNote] = useState('');
  return (
    <View className='care-contact'>
      <View className='chips' {...{ role: 'group', 'aria-label': '联系方式' }}>
        {CHANNELS.map((c) => (
          <Tappable key={c.id} className={c.id === channel ? 'chip chip-active' : 'chip'} pressed={c.id === channel} onPress={() => setChannel(c.id)} label={c.label}>
            {c.label}
          </Tappable>
        ))}
      </View>
      <TextField label='备注（选填）' value={note} onChange={setNote} maxLength={NOTE_MAX} multiline placeholder={`和${row.name}聊了什么`} className='care-note' />
      <View className='care-actions'>
        <Tappable className={busy ? 'btn btn-disabled care-save' : 'btn care-save'} disabled={busy} onPress={() => onSave(channel, note.trim())} label='保存联系记录'>
          保存
        </Tappable>
        <Tappable className='btn btn-ghost care-cancel' disabled={busy} onPress={onCancel} label='取消'>
          取消
        </Tappable>
      </View>
    </View>
  );
}

function CareItem({ row, onAnswer }: { row: CareRow; onAnswer: (row: CareRow, action: CareAction) => Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answered, setAnswered] = useState<string | null>(null);
  // A second tap before the first answer re-renders the buttons disabled must not send again.
  const sending = useRef(false);
  // A fresh row from a reload means the server still lists the item: it can be answered again.
  useEffect(() => {
    sending.current = false;
    setAnswered(null);
  }, [row]);
  const tier = tierTitle(TIER_NAMES[row.tier]);
  const send = async (action: CareAction) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    const done = await onAnswer(row, action);
    // Answered: the item stays without buttons until the reloaded list drops it.
    if (done) setAnswered(action.kind === 'snooze' ? '明天再提醒' : action.kind === 'done' ? '已完成' : `已联系（${CHANNELS.find((c) => c.id === action.channel)?.label ?? ''}）`);
    else sending.current = false;
    setBusy(false);
    if (done) setOpen(false);
  };
  const tomorrow = addDays(shanghaiDay(Date.now()), 1);
  const idle = busy || answered !== null;
  return (
    <View className={answered ? 'care-item care-item-answered' : 'care-item'} {...{ role: 'group', 'aria-label': `${row.name}，${tier}，${KIND_LABELS[row.kind]}：${row.reason}` }}>
      <View className='care-head'>
        <Tappable className='care-name link' role='link' onPress={() => openPage(urlOf(ROUTES.staffCustomer, { memberNo: row.memberNo }))} label={`${row.name}：客户关系卡`}>
          {row.name}
        </Tappable>
        <Tag tone='positive'>{tier}</Tag>
        <Tag tone={row.kind === 'churn' ? 'negative' : row.priority <= 2 ? 'warning' : 'neutral'}>{KIND_LABELS[row.kind]}</Tag>
      </View>
      <View className='care-reason'>
        {row.reason}
      </View>
      {answered ? (
        <View className='care-answered muted'>{answered}</View>
      ) : open ? (
        <ContactForm row={row} busy={busy} onSave={(channel, note) => void send({ kind: 'contact', channel, note })} onCancel={() => setOpen(false)} />
      ) : (
        <View>
          {/* One tap logs the contact by that channel and completes the item. */}
          <View className='care-actions care-channels' {...{ role: 'group', 'aria-label': `已联系${row.name}：一键记录` }}>
            <View className='care-channels-label'>已联系：</View>
            {CHANNELS.map((c) => (
              <Tappable key={c.id} className={idle ? 'chip chip-disabled care-channel' : 'chip care-channel'} disabled={idle} onPress={() => void send({ kind: 'contact', channel: c.id, note: '' })} label={`${c.label}：已联系${row.name}`}>
                {c.label}
              </Tappable>
            ))}
          </View>
          <View className='care-actions'>
            <Tappable className='btn btn-ghost care-contacted' disabled={idle} onPress={() => setOpen(true)} label={`记备注：${row.name}`}>
              记备注
            </Tappable>
            <Tappable className={idle ? 'btn btn-ghost btn-disabled care-done' : 'btn btn-ghost care-done'} disabled={idle} onPress={() => void send({ kind: 'done' })} label={`完成：${row.name}`}>
              完成
            </Tappable>
            <Tappable className={idle ? 'btn btn-ghost btn-disabled care-snooze' : 'btn btn-ghost care-snooze'} disabled={idle} onPress={() => void send({ kind: 'snooze', until: tomorrow })} label={`稍后（明天再提醒）：${row.name}`}>
              稍后
            </Tappable>
          </View>
        </View>
      )}
    </View>
  );
}

/**
 * 今日待办: whom to contact today and why, most urgent first (a churn warning from the customer's
 * own rhythm, new customers, key dates, the cadence of their tier, long silences). Each item is
 * answered in one tap: 已联系 by 电话/上门/微信/寄样 (logs the contact and completes the item; 记备注
 * adds a note first), 完成, or 稍后 (tomorrow). The name opens the customer's 客户关系卡. Reloaded
 * when shown again and on a pull.
 */
export default function StaffCarePage() {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const [notice, setNotice] = useState<string | null>(null);
  const reload = useRef<() => void>(() => undefined);
  const pulled = usePullRefresh(() => reload.current());
  const list = usePaged<CareRow>(
    (page) =>
      listCare(page, PAGE_SIZE).finally(() => {
        if (page === 0) pulled();
      }),
    (row) => `${row.memberNo}|${row.itemId}`,
    [sessionVersion, reshown],
  );
  reload.current = list.reload;

  const onAnswer = async (row: CareRow, action: CareAction): Promise<boolean> => {
    try {
      await answer(row, action);
      setNotice(action.kind === 'contact' ? `已记录与${row.name}的联系` : action.kind === 'done' ? `已完成：${row.name}` : `明天再提醒：${row.name}`);
      list.reload();
      return true;
    } catch (e) {
      setNotice(`操作失败：${errorMessage(e)}`);
      return false;
    }
  };

  return (
    <PageShell title='今日待办'>
      {notice ? (
        <View className='care-notice' {...{ role: 'status' }}>
          {notice}
        </View>
      ) : null}
      {list.status === 'loading' ? (
        <StateView kind='loading' title='正在加载今日待办' />
      ) : list.status === 'error' ? (
        <StateView kind='error' title={list.code === FORBIDDEN ? STAFF_ONLY : '今日待办加载失败'} detail={list.code === FORBIDDEN ? undefined : list.message} onRetry={list.code === FORBIDDEN ? undefined : list.reload} />
      ) : (
        <Card className='care-list'>
          {list.items.map((row) => (
            <CareItem key={`${row.memberNo}|${row.itemId}`} row={row} onAnswer={onAnswer} />
          ))}
          <ListFooter list={list} onMore={list.loadMore} emptyText='今天没有待办，客户都照顾到了' />
        </Card>
      )}
    </PageShell>
  );
}
