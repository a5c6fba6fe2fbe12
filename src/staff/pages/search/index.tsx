import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { CARD_LIMITS } from '../../../../cloudfunctions/core/crm/card';
import { Card, PageShell } from '../../../components/PageShell';
import { ListFooter } from '../../../components/ListFooter';
import { StateView } from '../../../components/StateView';
import { Tappable } from '../../../components/Tappable';
import { usePaged } from '../../../hooks/usePaged';
import { useSessionVersion } from '../../../services/session';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { searchCustomers, type SearchRow } from '../customer/api';
import { CustomerRow } from './CustomerRow';
import { SegmentChips, SegmentResults, type SegmentPick } from './Segments';
import '../../staff.css';
import '../customer/crm.css';

const MATCHED: Record<SearchRow['matched']['kind'], string> = {
  name: '姓名',
  contact: '联系人',
  organisation: '单位',
  phone: '手机号',
  contactPhone: '联系电话',
  memberNo: '会员号',
};

function Results({ query, owner }: { query: string; owner: unknown }) {
  const list = usePaged<SearchRow>((page) => searchCustomers(query, page), (r) => r.memberNo, [query], owner);
  if (list.status === 'loading') return <View className='muted form-note'>正在查找…</View>;
  if (list.status === 'error') {
    return list.code === FORBIDDEN ? (
      <StateView kind='error' title={STAFF_ONLY} detail='当前账号没有员工权限' />
    ) : (
      <View className='form-error' {...{ role: 'alert' }}>
        {list.message}
      </View>
    );
  }
  if (list.items.length === 0) return <StateView kind='empty' title='没有找到客户' detail='姓名和单位按开头匹配；也可以试试手机号后四位或会员号' />;
  return (
    <Card title='查找结果' className='crm-results'>
      {list.items.map((r) => (
        <CustomerRow key={r.memberNo} row={r} className='crm-result' extra={`匹配${MATCHED[r.matched.kind]}：${r.matched.label}`} />
      ))}
      <ListFooter list={list} onMore={list.loadMore} emptyText='没有找到客户' />
    </Card>
  );
}

/** What the page lists: a search's results or one RFM segment's customers. */
type Shown = { kind: 'query'; text: string; n: number } | { kind: 'segment'; pick: SegmentPick; n: number };

/**
 * 客户搜索: one box for phone, last four digits, name, company or member number, and the RFM segments
 * as chips (按客户分群); either lists its customers, paged.
 */
export default function StaffSearchPage() {
  const owner = useSessionVersion();
  const [text, setText] = useState('');
  // Each search or segment is its own list (a new one never shows the last one's rows or keeps them on
  // an error); the counter makes 搜索 with the same text, or the same chip, load again.
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = () => {
    const q = text.trim();
    if (q === '') {
      setError('请输入要查找的内容');
      return;
    }
    setError(null);
    setShown((last) => ({ kind: 'query', text: q, n: (last?.n ?? 0) + 1 }));
  };
  const pickSegment = (pick: SegmentPick) => setShown((last) => ({ kind: 'segment', pick, n: (last?.n ?? 0) + 1 }));

  return (
    <PageShell title='客户搜索'>
      <Card title='查找客户'>
        <View className='field-label'>手机号、后四位、姓名、单位或会员号</View>
        <Input
          className={error ? 'field field-invalid crm-search-input' : 'field crm-search-input'}
          value={text}
          placeholder='如 13812345678、5678、张、鲜丰、FP00000003'
          maxlength={CARD_LIMITS.query}
          confirmType='search'
          ariaLabel='搜索客户'
          onInput={(e) => {
            setText(e.detail.value);
            setError(null);
          }}
          onConfirm={search}
        />
        <Tappable className='btn' onPress={search} label='搜索客户'>
          搜索
        </Tappable>
        <View className='muted form-note crm-search-help'>
          <View>· 11 位手机号：精确查找（顾客手机号或客户关系卡上的电话）</View>
          <View>· 4 位数字：手机号后四位（也查同号的会员号）</View>
          <View>· 会员号：如 FP00000003、fp3</View>
          <View>· 文字：姓名、联系人或单位名称的开头，如“张”“鲜丰”</View>
        </View>
        {error ? (
          <View className='form-error' {...{ role: 'alert' }}>
            {error}
          </View>
        ) : null}
      </Card>
      <SegmentChips selected={shown?.kind === 'segment' ? shown.pick.segment : null} owner={owner} onPick={pickSegment} />
      {shown?.kind === 'query' ? <Results key={shown.n} query={shown.text} owner={owner} /> : null}
      {shown?.kind === 'segment' ? <SegmentResults key={shown.n} pick={shown.pick} owner={owner} /> : null}
    </PageShell>
  );
}
