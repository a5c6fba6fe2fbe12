import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Card, PageShell } from '../../../../components/PageShell';
import { ListFooter } from '../../../../components/ListFooter';
import { Skeleton } from '../../../../components/Skeleton';
import { StateView } from '../../../../components/StateView';
import { Tag } from '../../../../components/Tag';
import { Tappable } from '../../../../components/Tappable';
import { TextField } from '../../../../components/TextField';
import { usePaged } from '../../../../hooks/usePaged';
import { open, ROUTES } from '../../../../lib/routes';
import { catalogue, type Product, type ProductLine } from '../../../../services/orders';
import { useSessionVersion } from '../../../../services/session';
import { formatFen } from '../../../../format/money';
import { lineEstimateFen, lineFromProduct, maxOf, useCart } from '../../cart';
import { aboutJin } from '../../format';
import { Stepper } from '../../Stepper';
import '../../shop.css';

/** The seller's product lines, in the order customers shop them. */
const LINES: ProductLine[] = ['叶菜', '根茎', '瓜果', '菌菇', '肉禽蛋', '乳品', '粮油', '节礼'];
const PAGE_SIZE = 20;
const SEARCH_MAX = 20;
const productKey = (p: Product) => p.id;

/** 选购: the catalogue by line or by search, at the member's price; lines go straight into the kept cart. */
export default function CataloguePage() {
  const sessionVersion = useSessionVersion();
  const [line, setLine] = useState<ProductLine | null>(null);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const cart = useCart();
  // Search once typing pauses, not on every character.
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);

  const products = usePaged<Product>(
    (page) => catalogue({ ...(line ? { line } : {}), ...(q ? { q } : {}), page, pageSize: PAGE_SIZE }),
    productKey,
    [line, q],
    sessionVersion,
  );
  const inCart = new Map(cart.lines.map((l) => [l.productId, l]));
  const estimate = cart.lines.reduce((s, l) => s + lineEstimateFen(l), 0);

  let list;
  if (products.status === 'loading') list = <Skeleton rows={5} label='正在加载商品…' />;
  else if (products.status === 'error') list = <StateView kind='error' title='商品加载失败' detail={products.message} onRetry={products.reload} />;
  else if (products.items.length === 0 && !products.hasMore) list = <StateView kind='empty' title={q ? `没有找到“${q}”` : '暂无商品'} detail='换个关键词或品类试试' />;
  else
    list = (
      <Card>
        {products.items.map((p) => {
          const held = inCart.get(p.id);
          return (
            <View key={p.id} className={p.unavailable ? 'row product product-off' : 'row product'}>
              <View className='row-main'>
                <View className='product-name'>
                  {p.name} {p.unavailableLabel ? <Tag tone='negative'>{p.unavailableLabel}</Tag> : null}
                </View>
                <View>
                  <Text className='product-price'>
                    {formatFen(p.unitPriceFen)}/{p.unitLabel}
                  </Text>
                  {p.listPriceFen !== p.unitPriceFen ? <Text className='muted strike'> {formatFen(p.listPriceFen)}</Text> : null}
                </View>
                {p.portion ? (
                  <View className='muted'>
                    每份{aboutJin(p.portion.grams)}，约 {formatFen(p.portion.estimatedFen)}，按实际称重计价
                  </View>
                ) : null}
                {p.minPerOrder > 1 ? <View className='muted'>{p.minPerOrder} 份起订</View> : null}
              </View>
              <View className='row-side'>
                {p.unavailable ? null : held ? (
                  <Stepper name={p.name} value={held.quantity} min={0} max={maxOf(held)} onChange={(v) => (v < held.minPerOrder ? cart.remove(p.id) : cart.setQuantity(p.id, v))} />
                ) : (
                  <Tappable className='btn btn-small' label={`把${p.name}加入购物车`} onPress={() => cart.add(lineFromProduct(p, p.minPerOrder))}>
                    加入
                  </Tappable>
                )}
              </View>
            </View>
          );
        })}
        <ListFooter list={products} onMore={products.loadMore} emptyText='暂无商品' />
      </Card>
    );

  return (
    <PageShell
      title='选购'
      className='shop-page'
      footer={
        cart.lines.length > 0 ? (
          <View className='checkout-bar'>
            <View className='checkout-bar-sum'>
              <Text className='muted'>购物车 {cart.lines.length} 种 · 约 </Text>
              <Text className='sum-paid'>{formatFen(estimate)}</Text>
            </View>
            <Tappable className='btn checkout-submit' onPress={() => void open(ROUTES.shopCart)}>
              去购物车
            </Tappable>
          </View>
        ) : undefined
      }
    >
      <TextField label='搜索商品' value={text} maxLength={SEARCH_MAX} placeholder='如：上海青、五花肉' onChange={setText} className='search-field' />
      <View className='chips line-chips' {...{ role: 'tablist', 'aria-label': '品类' }}>
        <Tappable role='tab' className={line === null ? 'chip chip-on' : 'chip'} pressed={line === null} onPress={() => setLine(null)}>
          全部
        </Tappable>
        {LINES.map((l) => (
          <Tappable key={l} role='tab' className={line === l ? 'chip chip-on' : 'chip'} pressed={line === l} onPress={() => setLine(l)}>
            {l}
          </Tappable>
        ))}
      </View>
      {list}
    </PageShell>
  );
}
