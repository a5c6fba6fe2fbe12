import { useMemo, useState } from 'react';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { open, replace, ROUTES } from '../../../../lib/routes';
import { useRouter } from '../../../../hooks/lifecycle';
import { Checkout } from '../../Checkout';
import { useCart } from '../../cart';
import { initialSlot, saveLastSlot } from '../../slot';
import '../../shop.css';

/** 确认订单 for the cart: priced by the server, then submitted once. */
export default function ConfirmPage() {
  const { params } = useRouter();
  const cart = useCart();
  const [start] = useState(() => initialSlot(params ?? {}));
  const items = useMemo(() => cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), [cart.lines]);
  return (
    <PageShell title='确认订单' className='shop-page'>
      {items.length === 0 ? (
        <StateView kind='empty' title='购物车是空的' action={{ label: '去选购', onPress: () => void open(ROUTES.shopCatalogue) }} />
      ) : (
        <Checkout
          items={items}
          initialSlot={start}
          showLines
          onOrdered={(order, slot) => {
            cart.clear();
            saveLastSlot(slot);
            void replace(ROUTES.orderDetail, { orderId: order.id, placed: 1 });
          }}
        />
      )}
    </PageShell>
  );
}
