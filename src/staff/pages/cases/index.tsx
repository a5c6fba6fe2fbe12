import { useRef, useState } from 'react';
import { View } from '@tarojs/components';
import { Card, PageShell } from '../../../components/PageShell';
import { ListFooter } from '../../../components/ListFooter';
import { ListRow } from '../../../components/ListRow';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { usePageVisibility } from '../../../hooks/usePageVisibility';
import { usePaged } from '../../../hooks/usePaged';
import { openPage } from '../../../lib/nav';
import { ROUTES, urlOf } from '../../../lib/routes';
import { useSessionVersion } from '../../../services/session';
import { tierTitle } from '../../../format/tier';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { CATEGORY_LABELS, DEFAULT_TIER_NAMES, QUEUE_FILTERS, listQueue, type CaseCategory, type CaseTier, type QueueFilter, type QueueRow } from '../../lib/caseDesk';
import { serverOffset } from '../../lib/countdown';
import { Countdown } from '../../lib/Countdown';
import { usePullRefresh } from '../../lib/pullRefresh';
import { useServerNow } from '../../lib/useServerNow';
import '../../staff.css';
import '../../cases.css';

const PAGE_SIZE = 20;

const EMPTY_TEXT: Record<QueueFilter, string> = {
  all: '没有待处理的反馈',
  mine: '没有分给我的反馈',
  unassigned: '没有待认领的反馈',
  overdue: '没有超时的反馈',
};

function CaseRow({ row, now }: { row: QueueRow; now: number }) {
  const tier = tierTitle(row.tierName);
  return (
    <ListRow
      className='case-row'
      title={
        <View>
          {row.memberName} <Tag tone='positive'>{tier}</Tag>
        </View>
      }
      detail={
        <View>
          <View>
            {row.typeLabel} · {row.categoryLabel} · {row.assignee ? `处理人：${row.assignee}` : '待认领'}
          </View>
          <View className='case-row-excerpt'>{row.excerpt}</View>
        </View>
      }
      side={<Countdown due={row} now={now} />}
      sideDetail={
        <View className='case-row-tags'>
          {row.breached ? <Tag tone='negative'>超时</Tag> : null}
          {/* A paused row's countdown already says 待客户补充. */}
          {row.paused ? null : <Tag tone={row.status === 'open' ? 'warning' : 'neutral'}>{row.statusLabel}</Tag>}
        </View>
      }
      // No aria-label: the row's name is its visible text (label in name), the countdown's in words.
      onPress={() => openPage(urlOf(ROUTES.staffCase, { id: row.id }))}
    />
  );
}

function Chip<T extends string>({ id, current, label, name, onPick }: { id: T | null; current: T | null; label: string; name?: string; onPick: (id: T | null) => void }) {
  const on = id === current;
  return (
    <Tappable className={on ? 'chip chip-active' : 'chip'} pressed={on} onPress={() => onPick(id)} label={name ?? label}>
      {label}
    </Tappable>
  );
}

/**
 * 投诉处理: open cases, nearest deadline first, each with a live countdown (one ticker for the page,
 * on the server's clock); filters by assignment, overdue, tier and category; a row opens the case.
 * Reloaded when shown again and on a pull.
 */
export default function StaffCasesPage() {
  const sessionVersion = useSessionVersion();
  const { visible, reshown } = usePageVisibility();
  const [filter, setFilter] = useState<QueueFilter>('all');
  const [tier, setTier] = useState<CaseTier | null>(null);
  const [category, setCategory] = useState<CaseCategory | null>(null);
  const [offset, setOffset] = useState(serverOffset);
  // The configured tier names, learned from the rows (the queue does not list the tiers).
  const [tierNames, setTierNames] = useState<Record<CaseTier, string>>(DEFAULT_TIER_NAMES);
  // The pull handler is registered before the list exists: it reaches the list's reload through a ref.
  const reload = useRef<() => void>(() => undefined);
  const pulled = usePullRefresh(() => reload.current());
  const list = usePaged<QueueRow>(
    (page) =>
      listQueue({ filter, tier, category, page, pageSize: PAGE_SIZE })
        .then((p) => {
          setOffset(serverOffset());
          setTierNames((names) => {
            const seen = p.items.filter((r) => names[r.tier] !== r.tierName);
            return seen.length === 0 ? names : { ...names, ...Object.fromEntries(seen.map((r) => [r.tier, r.tierName])) };
          });
          return p;
        })
        .finally(() => {
          if (page === 0) pulled();
        }),
    (row) => row.id,
    [filter, tier, category, sessionVersion, reshown],
  );
  reload.current = list.reload;
  const now = useServerNow(visible, offset);

  return (
    <PageShell title='投诉处理'>
      <Card className='case-filters'>
        <View className='chips case-filter' {...{ role: 'group', 'aria-label': '处理范围' }}>
          {QUEUE_FILTERS.map((f) => (
            <Chip key={f.id} id={f.id} current={filter} label={f.label} onPick={(id) => setFilter(id ?? 'all')} />
          ))}
        </View>
        <View className='field-label'>会员等级</View>
        <View className='chips case-tiers' {...{ role: 'group', 'aria-label': '会员等级' }}>
          <Chip id={null} current={tier} label='全部' name='全部等级' onPick={setTier} />
          {(Object.keys(DEFAULT_TIER_NAMES) as CaseTier[]).map((t) => (
            <Chip key={t} id={t} current={tier} label={tierNames[t]} name={tierTitle(tierNames[t])} onPick={setTier} />
          ))}
        </View>
        <View className='field-label'>问题类别</View>
        <View className='chips case-categories' {...{ role: 'group', 'aria-label': '问题类别' }}>
          <Chip id={null} current={category} label='全部' name='全部类别' onPick={setCategory} />
          {(Object.keys(CATEGORY_LABELS) as CaseCategory[]).map((c) => (
            <Chip key={c} id={c} current={category} label={CATEGORY_LABELS[c]} onPick={setCategory} />
          ))}
        </View>
      </Card>
      {list.status === 'loading' ? (
        <StateView kind='loading' title='正在加载反馈' />
      ) : list.status === 'error' ? (
        <StateView kind='error' title={list.code === FORBIDDEN ? STAFF_ONLY : '反馈加载失败'} detail={list.code === FORBIDDEN ? undefined : list.message} onRetry={list.code === FORBIDDEN ? undefined : list.reload} />
      ) : (
        <Card className='case-list'>
          {list.items.map((row) => (
            <CaseRow key={row.id} row={row} now={now} />
          ))}
          <ListFooter list={list} onMore={list.loadMore} emptyText={EMPTY_TEXT[filter]} />
        </Card>
      )}
    </PageShell>
  );
}
