import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Card, PageShell } from '../../../../components/PageShell';
import { Remote } from '../../../../components/Remote';
import { Tag, type TagTone } from '../../../../components/Tag';
import { Tappable } from '../../../../components/Tappable';
import { useRouter } from '../../../../hooks/lifecycle';
import { useRemote } from '../../../../hooks/useRemote';
import { replace, ROUTES } from '../../../../lib/routes';
import { reorderList, reorderOrder, type Product, type QuoteItem, type Reconciled, type ReconciledLine } from '../../../../services/orders';
import { useSessionVersion } from '../../../../services/session';
import { formatFen } from '../../../../format/money';
import { Checkout } from '../../Checkout';
import { aboutJin, WEIGHT_NOTE } from '../../format';
import { initialSlot, saveLastSlot } from '../../slot';
import { Stepper } from '../../Stepper';
import '../../shop.css';

const UNIT: Record<ReconciledLine['unit'], string> = { piece: '件', jin: '斤', kg: '公斤' };
const GONE: Record<string, string> = { discontinued: '已停售', off_shelf: '已下架', out_of_season: '不在当季', sold_out: '已售罄' };

/** What the customer decided per line: in or out, how many, and a substitute for an unavailable line. */
interface Pick {
  on: boolean;
  quantity: number;
  substitute: string | null;
}

function startPicks(r: Reconciled): Record<string, Pick> {
  const picks: Record<string, Pick> = {};
  // The server's proposal as it is: nothing needs a tap to go in.
  for (const l of r.lines) picks[l.productId] = { on: l.selected && l.status !== 'unavailable', quantity: Math.max(1, l.quantity || l.lastQuantity), substitute: null };
  return picks;
}

function statusTag(l: ReconciledLine): { tone: TagTone; text: string } {
  if (l.status === 'unavailable') return { tone: 'negative', text: GONE[l.unavailable ?? 'discontinued'] ?? '不可购买' };
  if (l.status === 'changed') return { tone: 'warning', text: '有变化' };
  return { tone: 'neutral', text: '同上次' };
}

function PriceCompare({ line }: { line: ReconciledLine }) {
  if (line.unitPriceFen === null) return <View className='muted'>上次 {formatFen(line.lastUnitPriceFen)}/{UNIT[line.unit]}</View>;
  const p = line.price;
  return (
    <View className='muted'>
      今天 <Text className='price-today'>{formatFen(line.unitPriceFen)}</Text>/{UNIT[line.unit]}
      {p && p.direction === 'up' ? <Text className='price-up'> 比上次涨 {formatFen(p.deltaFen)}</Text> : null}
      {p && p.direction === 'down' ? <Text className='price-down'> 比上次降 {formatFen(-p.deltaFen)}</Text> : null}
      {p && p.direction === 'same' ? <Text> 与上次相同</Text> : null}
    </View>
  );
}

interface LineProps {
  line: ReconciledLine;
  pick: Pick;
  product: Product | undefined;
  products: Map<string, Product>;
  onChange: (next: Pick) => void;
}

function LineRow({ line, pick, product, products, onChange }: LineProps) {
  const tag = statusTag(line);
  const gone = line.status === 'unavailable';
  const min = product?.minPerOrder ?? 1;
  const max = product?.maxPerOrder ?? 9999;
  // The availability is the tag and the price move is said above; the rest (caps, unit, portion) stays.
  const notes = line.notes.filter((n) => !Object.values(GONE).includes(n) && !/^(涨价|降价)/.test(n));
  return (
    <View className={gone ? 'reorder-line reorder-line-off' : 'reorder-line'}>
      <View className='reorder-line-head'>
        {gone ? (
          <View className='check check-off' />
        ) : (
          <Tappable className={pick.on ? 'check check-on' : 'check'} pressed={pick.on} label={`${pick.on ? '不要' : '要'}${line.name}`} onPress={() => onChange({ ...pick, on: !pick.on })}>
            {pick.on ? '✓' : ''}
          </Tappable>
        )}
        <View className='row-main'>
          <View className='reorder-line-name'>
            {line.name} <Tag tone={tag.tone}>{tag.text}</Tag>
          </View>
          <View className='muted'>
            上次 {line.lastQuantity} {UNIT[line.unit]} · {formatFen(line.lastUnitPriceFen)}/{UNIT[line.unit]}
          </View>
          <PriceCompare line={line} />
          {notes.map((n) => (
            <View key={n} className='reorder-note'>
              {n}
            </View>
          ))}
          {!gone && product?.portion ? (
            <View className='weight-note'>
              {aboutJin(product.portion.grams * pick.quantity)}，{WEIGHT_NOTE}
            </View>
          ) : null}
        </View>
        {!gone ? <Stepper name={line.name} value={pick.quantity} min={min} max={max} disabled={!pick.on} onChange={(v) => onChange({ ...pick, quantity: v })} /> : null}
      </View>
      {gone && line.substitutes.length > 0 ? (
        <View className='substitutes'>
          <View className='muted'>可换成（同类当季）：</View>
          {line.substitutes.map((s) => {
            const chosen = pick.substitute === s.productId;
            const p = products.get(s.productId);
            return (
              <Tappable
                key={s.productId}
                className={chosen ? 'chip chip-on' : 'chip'}
                pressed={chosen}
                label={`${chosen ? '不换' : '换成'}${s.name}，${formatFen(s.unitPriceFen)}每${UNIT[s.unit]}，${s.quantity}${UNIT[s.unit]}`}
                onPress={() => onChange({ ...pick, substitute: chosen ? null : s.productId })}
              >
                {s.name} {formatFen(s.unitPriceFen)}/{UNIT[s.unit]} × {s.quantity}
                {p?.portion ? `（${aboutJin(p.portion.grams * s.quantity)}）` : ''}
              </Tappable>
            );
          })}
        </View>
      ) : null}
      {gone && line.substitutes.length === 0 ? <View className='muted substitutes'>暂无可替代的同类商品</View> : null}
    </View>
  );
}

/** The cart the picks make: chosen lines and substitutes, one line per product. */
function cartOf(r: Reconciled, picks: Record<string, Pick>): QuoteItem[] {
  const out = new Map<string, number>();
  for (const l of r.lines) {
    const pick = picks[l.productId];
    if (!pick) continue;
    if (l.status !== 'unavailable' && pick.on) out.set(l.productId, (out.get(l.productId) ?? 0) + pick.quantity);
    const sub = l.substitutes.find((s) => s.productId === pick.substitute);
    if (sub) out.set(sub.productId, (out.get(sub.productId) ?? 0) + sub.quantity);
  }
  return [...out].map(([productId, quantity]) => ({ productId, quantity }));
}

function Reconciliation({ data, slot }: { data: Reconciled; slot: ReturnType<typeof initialSlot> }) {
  const [picks, setPicks] = useState(() => startPicks(data));
  const products = useMemo(() => new Map(data.products.map((p) => [p.id, p])), [data.products]);
  const items = useMemo(() => cartOf(data, picks), [data, picks]);
  const { unchanged, changed, unavailable } = data.counts;
  return (
    <View>
      <Card className='reorder-summary'>
        <View className='reorder-summary-title'>按今天的价格和库存核对了上次的 {data.lines.length} 种商品</View>
        <View className='reorder-counts'>
          <Tag tone='neutral'>{unchanged} 种同上次</Tag> <Tag tone='warning'>{changed} 种有变化</Tag> <Tag tone='negative'>{unavailable} 种暂不能买</Tag>
        </View>
        <View className='muted'>已勾选可以购买的商品，暂不能买的可选择替代品</View>
      </Card>
      <Card title='商品'>
        {data.lines.map((l) => (
          <LineRow
            key={l.productId}
            line={l}
            pick={picks[l.productId] as Pick}
            product={products.get(l.productId)}
            products={products}
            onChange={(next) => setPicks((prev) => ({ ...prev, [l.productId]: next }))}
          />
        ))}
      </Card>
      <Checkout
        items={items}
        initialSlot={slot}
        onOrdered={(order, chosen) => {
          saveLastSlot(chosen);
          void replace(ROUTES.orderDetail, { orderId: order.id, placed: 1 });
        }}
      />
    </View>
  );
}

/**
 * 再来一单 (or a 常购清单): the past lines reconciled with today's catalogue, everything orderable
 * preselected with the last hand-over, so one tap on 确认下单 places it.
 */
export default function ReorderPage() {
  const { params } = useRouter();
  const sessionVersion = useSessionVersion();
  const orderId = params?.orderId;
  const listId = params?.listId;
  const [slot] = useState(() => initialSlot({ kind: params?.kind, window: params?.window, pickup: params?.pickup }));
  const data = useRemote<Reconciled>(() => (listId ? reorderList(listId) : reorderOrder(orderId ?? '')), [orderId, listId], sessionVersion);
  const title = listId ? '按常购清单下单' : '再来一单';
  return (
    <PageShell title={title} className='shop-page'>
      <Remote value={data} loading={{ title, rows: 6, label: '正在核对商品…' }} errorTitle='无法再来一单'>
        {(r) => <Reconciliation key={r.sourceId} data={r} slot={slot} />}
      </Remote>
    </PageShell>
  );
}
