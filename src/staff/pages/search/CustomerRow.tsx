import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { DateText } from '../../../components/DateText';
import { ListRow } from '../../../components/ListRow';
import { Tag } from '../../../components/Tag';
import { tierTitle } from '../../../format/tier';
import { openPage } from '../../../lib/nav';
import { ROUTES, urlOf } from '../../../lib/routes';
import { KIND_NAMES } from '../../lib/labels';
import type { SearchRow } from '../customer/api';

/** What both lists share: the search row without what matched. */
export type CustomerRowData = Omit<SearchRow, 'matched'>;

/** A customer in a staff list (search results, a segment): who, tier, last order, and `extra` after it; opens the 客户关系卡. */
export function CustomerRow({ row, className, extra }: { row: CustomerRowData; className: string; extra: ReactNode }) {
  return (
    <ListRow
      className={className}
      title={
        <View>
          {row.displayName} <Tag>{tierTitle(row.tier.name)}</Tag>
        </View>
      }
      detail={
        <View>
          {row.memberNo} · {KIND_NAMES[row.kind]} · {row.region}
          {row.phone ? ` · ${row.phone}` : ''}
          <View>
            最近下单：{row.lastOrderAt ? <DateText value={row.lastOrderAt} /> : '暂无'} · {extra}
          </View>
        </View>
      }
      onPress={() => openPage(urlOf(ROUTES.staffCustomer, { memberNo: row.memberNo }))}
      label={`${row.displayName}，${row.memberNo}，打开客户关系卡`}
    />
  );
}
