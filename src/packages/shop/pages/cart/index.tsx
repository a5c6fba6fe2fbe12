import { Text, View } from '@tarojs/components';
import { Card, PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Tappable } from '../../../../components/Tappable';
import { open, ROUTES } from '../../../../lib/routes';
import { formatFen } from '../../../../format/money';
import { lineEstimateFen, maxOf, useCart } from '../../cart';
import { aboutJin, WEIGHT_NOTE } from '../../format';
import { Stepper } from '../../Stepper';
import '../../shop.css';

/** 购物车: kept on the phone (survives closing the app); quantities by stepper; by-weight lines estimated. */
export default function CartPage() {
  const cart = useCart();

  const estimate = cart.lines.reduce((s, l) => s + lineEstimateFen(l), 0);
  const hasWeight = cart.lines.some((l) => l.portion !== null);

  return (
    <PageShell
      title='购物车'
      className='shop-page'
      footer={
        cart.lines.length > 0 ? (
          <View className='checkout-bar'>
            <View className='checkout-bar-sum'>
              <Text className='muted'>{hasWeight ? '预估 ' : '合计 '}</Text>
              <Text className='sum-paid'>{formatFen(estimate)}</Text>
            </View>
            <Tappable className='btn checkout-submit' onPress={() => void open(ROUTES.shopConfirm)}>
              去结算
            </Tappable>
          </View>
        ) : undefined
      }
    >
      {cart.lines.length === 0 ? (
        <StateView kind='empty' title='购物车是空的' detail='挑选今天的新鲜菜品' action={{ label: '去选购', onPress: () => void open(ROUTES.shopCatalogue) }} />
      ) : (
        <Card title={`共 ${cart.lines.length} 种商品`}>
          {cart.lines.map((l) => (
            <View key={l.productId} className='row cart-line'>
              <View className='row-main'>
                <View className='cart-line-name'>{l.name}</View>
                <View className='muted'>
                  {formatFen(l.unitPriceFen)}/{l.unitLabel}
                  {l.portion ? ` · 每份${aboutJin(l.portion.grams)}` : ''}
                </View>
                {l.portion ? (
                  <View className='weight-note'>
                    {aboutJin(l.portion.grams * l.quantity)}，约 {formatFen(lineEstimateFen(l))}，{WEIGHT_NOTE}
                  </View>
                ) : null}
                <Tappable className='link cart-remove' label={`删除${l.name}`} onPress={() => cart.remove(l.productId)}>
                  删除
                </Tappable>
              </View>
              <View className='row-side'>
                <Stepper name={l.name} value={l.quantity} min={l.minPerOrder} max={maxOf(l)} onChange={(v) => cart.setQuantity(l.productId, v)} />
                {!l.portion ? <View className='muted'>{formatFen(lineEstimateFen(l))}</View> : null}
              </View>
            </View>
          ))}
          <View className='muted cart-hint'>价格以确认订单时为准（会员价、优惠券在下一步计算）</View>
        </Card>
      )}
    </PageShell>
  );
}
