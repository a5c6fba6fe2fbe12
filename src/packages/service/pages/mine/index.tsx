import { Text, View } from '@tarojs/components';
import { DateText } from '../../../../components/DateText';
import { ListFooter } from '../../../../components/ListFooter';
import { ListRow } from '../../../../components/ListRow';
import { Card, PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Tag } from '../../../../components/Tag';
import { Tappable } from '../../../../components/Tappable';
import { usePageVisibility } from '../../../../hooks/usePageVisibility';
import { usePaged } from '../../../../hooks/usePaged';
import { open, ROUTES } from '../../../../lib/routes';
import { useSessionVersion } from '../../../../services/session';
import { myCases, type CaseSummary } from '../../api';
import { statusTone } from '../../format';
import '../../service.css';

const PAGE_SIZE = 20;
const keyOf = (c: CaseSummary) => c.id;
const loadPage = (page: number) => myCases(page, PAGE_SIZE);
const fileOne = () => void open(ROUTES.serviceNew);

function CaseRow({ c }: { c: CaseSummary }) {
  const title = `${c.typeLabel} · ${c.categoryLabel}`;
  return (
    <ListRow
      className='svc-row'
      title={
        <View className='svc-row-title'>
          {c.unread ? <Text className='svc-unread-dot' /> : null}
          <Text>{title}</Text>
          {c.unread ? <Text className='svc-sr-only'>，有新回复</Text> : null}
        </View>
      }
      detail={<Text className='svc-excerpt'>{c.excerpt}</Text>}
      side={<Tag tone={statusTone(c.status)}>{c.statusLabel}</Tag>}
      sideDetail={<DateText value={c.createdAt} />}
      onPress={() => void open(ROUTES.serviceCase, { id: c.id })}
    />
  );
}

/** 我的反馈: the customer's complaints, enquiries and suggestions, newest first, page by page. */
export default function MyCasesPage() {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const cases = usePaged<CaseSummary>(loadPage, keyOf, [reshown], sessionVersion);

  let content;
  if (cases.status === 'loading') content = <StateView kind='loading' title='正在加载反馈…' />;
  else if (cases.status === 'error') content = <StateView kind='error' title='反馈加载失败' detail={cases.message} onRetry={cases.reload} />;
  else if (cases.items.length === 0 && !cases.hasMore)
    content = <StateView kind='empty' title='还没有提交过反馈' detail='商品或服务有问题、想咨询或提建议，都可以告诉我们' action={{ label: '提交反馈', onPress: fileOne }} />;
  else
    content = (
      <Card className='svc-list'>
        {cases.items.map((c) => (
          <CaseRow key={c.id} c={c} />
        ))}
        <ListFooter list={cases} onMore={cases.loadMore} emptyText='' />
      </Card>
    );

  return (
    <PageShell title='我的反馈' className='svc-page'>
      <View className='svc-actions'>
        <Tappable className='btn btn-small' onPress={fileOne}>
          提交反馈
        </Tappable>
        <Tappable className='btn btn-small btn-ghost' role='link' onPress={() => void open(ROUTES.serviceSurvey)}>
          满意度评价
        </Tappable>
      </View>
      {content}
    </PageShell>
  );
}
