import { View } from '@tarojs/components';
import { Card } from '../../../components/PageShell';
import { ListFooter } from '../../../components/ListFooter';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tappable } from '../../../components/Tappable';
import { usePaged } from '../../../hooks/usePaged';
import { useRemote } from '../../../hooks/useRemote';
import { formatFenShort } from '../../../format/money';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { CustomerRow } from './CustomerRow';
import { getSegmentCustomers, getSegments, type Segment, type SegmentRow } from './api';
import './segments.css';

/** "近一年" for the default window, else "近 N 天". */
export const windowText = (days: number): string => (days === 365 ? '近一年' : `近 ${days} 天`);

/** A segment picked from the chips, with what it means and the RFM window (shown above its list). */
export interface SegmentPick { segment: Segment; explanation: string; windowDays: number }

/**
 * 按客户分群: the eight RFM segments as chips with their counts (from the nightly profiles); tapping
 * one asks the page to list that segment. `selected` is the segment listed now, if any.
 */
export function SegmentChips({ selected, owner, onPick }: { selected: Segment | null; owner: unknown; onPick: (pick: SegmentPick) => void }) {
  const segments = useRemote(getSegments, [], owner);
  if (segments.status === 'error' && segments.code === FORBIDDEN) return null;
  return (
    <Card title='按客户分群' className='crm-segments'>
      <Remote value={segments} errorTitle='客户分群加载失败' loading={{ rows: 2, label: '正在加载客户分群' }}>
        {(view) => (
          <View>
            <View className='muted form-note crm-segment-note'>按最近下单、{windowText(view.windowDays)}下单次数和金额（RFM）每晚分群；点一个分群查看其中的客户。</View>
            <View className='chips crm-segment-chips' {...{ role: 'group', 'aria-label': '客户分群' }}>
              {view.items.map((s) => (
                <Tappable
                  key={s.segment}
                  className={selected === s.segment ? 'chip chip-active crm-segment-chip' : 'chip crm-segment-chip'}
                  pressed={selected === s.segment}
                  onPress={() => onPick({ segment: s.segment, explanation: s.explanation, windowDays: view.windowDays })}
                  label={`${s.segment}，${s.count} 位客户`}
                >
                  {s.segment}
                  <View className='crm-segment-count'>{s.count}</View>
                </Tappable>
              ))}
            </View>
          </View>
        )}
      </Remote>
    </Card>
  );
}

/** One segment's customers, highest spend first, 加载更多 page by page; a row opens the customer card. */
export function SegmentResults({ pick, owner }: { pick: SegmentPick; owner: unknown }) {
  const { segment, explanation, windowDays } = pick;
  const list = usePaged<SegmentRow>((page) => getSegmentCustomers(segment, page), (r) => r.memberNo, [segment], owner);
  if (list.status === 'loading') return <View className='muted form-note'>正在加载{segment}客户…</View>;
  if (list.status === 'error') {
    return list.code === FORBIDDEN ? (
      <StateView kind='error' title={STAFF_ONLY} detail='当前账号没有员工权限' />
    ) : (
      <View className='form-error' {...{ role: 'alert' }}>
        {list.message}
      </View>
    );
  }
  return (
    <Card title={`${segment}客户`} className='crm-segment-results'>
      <View className='crm-segment-meaning'>{explanation}（按{windowText(windowDays)}消费金额从高到低）</View>
      {list.items.map((r) => (
        <CustomerRow key={r.memberNo} row={r} className='crm-result crm-segment-row' extra={`${windowText(windowDays)} ${r.frequency} 单，${formatFenShort(r.monetaryFen)}`} />
      ))}
      <ListFooter list={list} onMore={list.loadMore} emptyText={`暂无${segment}客户`} />
    </Card>
  );
}
