import { useState } from 'react';
import { View } from '@tarojs/components';
import { Card, PageShell } from '../../../components/PageShell';
import { ListFooter } from '../../../components/ListFooter';
import { ListRow } from '../../../components/ListRow';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { usePaged } from '../../../hooks/usePaged';
import { openPage } from '../../../lib/nav';
import { ROUTES, urlOf } from '../../../lib/routes';
import { useSessionVersion } from '../../../services/session';
import { formatDay } from '../../../format/date';
import { formatFen } from '../../../format/money';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { STATUS_FILTERS, STEP_LABELS, listDay, nextStep, type DayPageView, type DeskRow, type OrderStatus, type WindowId } from '../../lib/orderDesk';
import '../../staff.css';
import '../../orders.css';

const PAGE_SIZE = 20;

function rowDetail(row: DeskRow): string {
  const names = row.names.join('、') + (row.lineCount > row.names.length ? ` 等 ${row.lineCount} 种` : '');
  const slot = row.slot ? (row.slot.kind === 'pickup' ? `自提 ${row.slot.pickupPoint ?? ''}` : `配送 ${row.slot.windowLabel}`) : '门店';
  return `${slot}${row.slot?.priority ? ' · 优先配送' : ''} · ${names}`;
}

function OrderRow({ row }: { row: DeskRow }) {
  const next = nextStep(row.allowed);
  const who = row.memberName ? `${row.memberName}（${row.memberNo ?? ''}）` : (row.memberNo ?? '未知会员');
  return (
    <ListRow
      className='desk-row'
      title={who}
      detail={rowDetail(row)}
      side={formatFen(row.paidFen)}
      sideDetail={
        <View>
          <Tag tone={row.status === 'cancelled' ? 'negative' : row.status === 'completed' ? 'positive' : 'neutral'}>{row.statusLabel}</Tag>
          {next ? <View className='desk-row-next'>下一步：{STEP_LABELS[next]}</View> : null}
        </View>
      }
      label={`${who}，${row.statusLabel}，${formatFen(row.paidFen)}${next ? `，下一步${STEP_LABELS[next]}` : ''}`}
      onPress={() => openPage(urlOf(ROUTES.staffOrder, { orderId: row.id }))}
    />
  );
}

/** 今日订单: the day's orders by delivery window (with counts) and status, paged; a row opens 订单处理. */
export default function StaffOrdersPage() {
  const sessionVersion = useSessionVersion();
  const [slot, setSlot] = useState<WindowId | null>(null);
  const [status, setStatus] = useState<OrderStatus | null>(null);
  // The window counts and the day come with each first page.
  const [summary, setSummary] = useState<Pick<DayPageView, 'day' | 'windows'> | null>(null);
  const list = usePaged<DeskRow>(
    (page) =>
      listDay({ window: slot ?? undefined, status: status ?? undefined, page, pageSize: PAGE_SIZE }).then((p) => {
        if (page === 0) setSummary({ day: p.day, windows: p.windows });
        return p;
      }),
    (row) => row.id,
    [slot, status, sessionVersion],
  );

  const total = summary ? summary.windows.reduce((s, w) => s + w.count, 0) : null;

  return (
    <PageShell title='今日订单'>
      <Card className='desk-filters' title={summary ? `${formatDay(summary.day)} 的订单` : '今日订单'}>
        <View className='field-label'>配送时段</View>
        <View className='chips desk-windows' {...{ role: 'group', 'aria-label': '配送时段' }}>
          <Tappable className={slot === null ? 'chip chip-active' : 'chip'} pressed={slot === null} onPress={() => setSlot(null)} label={`全部时段${total === null ? '' : `，${total} 单`}`}>
            全部{total === null ? null : <View className='chip-count'>{total}</View>}
          </Tappable>
          {(summary?.windows ?? []).map((w) => (
            <Tappable key={w.id} className={slot === w.id ? 'chip chip-active' : 'chip'} pressed={slot === w.id} onPress={() => setSlot(w.id)} label={`${w.label}，${w.count} 单`}>
              {w.label}
              <View className='chip-count'>{w.count}</View>
            </Tappable>
          ))}
        </View>
        <View className='field-label'>状态</View>
        <View className='chips desk-statuses' {...{ role: 'group', 'aria-label': '订单状态' }}>
          <Tappable className={status === null ? 'chip chip-active' : 'chip'} pressed={status === null} onPress={() => setStatus(null)} label='全部状态'>
            全部
          </Tappable>
          {STATUS_FILTERS.map((s) => (
            <Tappable key={s.id} className={status === s.id ? 'chip chip-active' : 'chip'} pressed={status === s.id} onPress={() => setStatus(s.id)} label={s.label}>
              {s.label}
            </Tappable>
          ))}
        </View>
      </Card>
      {list.status === 'loading' ? (
        <StateView kind='loading' title='正在加载订单' />
      ) : list.status === 'error' ? (
        <StateView kind='error' title={list.code === FORBIDDEN ? STAFF_ONLY : '订单加载失败'} detail={list.code === FORBIDDEN ? undefined : list.message} onRetry={list.code === FORBIDDEN ? undefined : list.reload} />
      ) : (
        <Card className='desk-list'>
          {list.items.map((row) => (
            <OrderRow key={row.id} row={row} />
          ))}
          <ListFooter list={list} onMore={list.loadMore} emptyText='这个时段没有订单' />
        </Card>
      )}
    </PageShell>
  );
}
