import { useState } from 'react';
import { View } from '@tarojs/components';
import { scanCode } from '@tarojs/taro';
import type { ApiInput, ApiResult } from '@contracts/apiMap';
import { Card, PageShell } from '../../../components/PageShell';
import { TextField } from '../../../components/TextField';
import { Tappable } from '../../../components/Tappable';
import { newRequestId } from '../../../lib/requestId';
import { callCloud } from '../../../services/cloud';
import { formatFen, formatPoints } from '../../../format/money';
import { deskError } from '../../lib/orderDesk';
import { SubmitActions } from '../../lib/SubmitActions';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { parseYuan } from '../../lib/yuan';
import '../../staff.css';
import '../../orders.css';

/** The weapp scans the customer's QR code; H5 (local development) pastes or types the token. */
const CAN_SCAN = process.env.TARO_ENV === 'weapp';

type SaleInput = ApiInput<'orderDesk', 'counterSale'>;
type SaleResult = ApiResult<'orderDesk', 'counterSale'>;

/** 8850 → '88.50' by integer arithmetic. */
const fenText = (fen: number) => `${(fen - (fen % 100)) / 100}.${String(fen % 100).padStart(2, '0')}`;

const recordSale = (input: SaleInput) => callCloud('orderDesk', 'counterSale', input);

/** 门店收银: the member code and the amount paid → an in-store order with its points; one code, one sale. */
export default function StaffCounterPage() {
  const [token, setToken] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  // Optional lines: product number, quantity and amount; they must add up to the amount paid.
  const [lines, setLines] = useState<{ productId: string; quantity: string; amount: string }[]>([]);
  const [fieldError, setFieldError] = useState<{ token?: string; amount?: string; lines?: string }>({});
  const [done, setDone] = useState<SaleResult | null>(null);
  const form = useOnceSubmit<SaleInput, SaleResult>(recordSale, (e) => deskError(e, '收银失败：'), (r) => {
    setDone(r);
    // The code is spent: clear it so the next customer's cannot be mixed up with it.
    setToken('');
    setAmount('');
    setNote('');
    setLines([]);
  });
  const locked = form.sending || form.pending !== null;

  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const t = token.trim();
    const parsed = parseYuan(amount);
    const errors: { token?: string; amount?: string; lines?: string } = {};
    if (t.length < 10) errors.token = t ? '会员码不完整，请重新扫描或粘贴' : '请先扫描或粘贴顾客的会员码';
    if (!parsed.ok) errors.amount = parsed.message;
    else if (parsed.fen === null) errors.amount = '请输入收款金额';
    const sent: { productId: string; quantity: number; amountFen: number }[] = [];
    for (const [i, l] of lines.entries()) {
      const fen = parseYuan(l.amount, { allowZero: true });
      if (!l.productId.trim()) errors.lines = `第 ${i + 1} 行：请填写商品编号`;
      else if (!/^\d{1,6}$/.test(l.quantity.trim()) || Number(l.quantity.trim()) < 1) errors.lines = `第 ${i + 1} 行：数量应为正整数`;
      else if (!fen.ok || fen.fen === null) errors.lines = `第 ${i + 1} 行：${fen.ok ? '请填写金额' : fen.message}`;
      else sent.push({ productId: l.productId.trim(), quantity: Number(l.quantity.trim()), amountFen: fen.fen });
      if (errors.lines) break;
    }
    if (!errors.lines && sent.length > 0 && parsed.ok && parsed.fen !== null) {
      const sum = sent.reduce((a, l) => a + l.amountFen, 0);
      if (sum !== parsed.fen) errors.lines = `明细合计 ${formatFen(sum)}，与收款金额 ${formatFen(parsed.fen)} 不一致`;
    }
    setFieldError(errors);
    if (errors.token || errors.amount || errors.lines || !parsed.ok || parsed.fen === null) return;
    setDone(null);
    form.submit({ token: t, amountFen: parsed.fen, ...(sent.length > 0 ? { lines: sent } : {}), ...(note.trim() ? { note: note.trim() } : {}), requestId: newRequestId() });
  };

  const scan = () => {
    if (locked) return;
    scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
      (res) => {
        setToken((res.result ?? '').trim());
        setFieldError((f) => ({ ...f, token: undefined }));
      },
      (e: unknown) => {
        const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
        if (!msg.includes('cancel')) setFieldError((f) => ({ ...f, token: '扫码失败，请重试' }));
      },
    );
  };

  return (
    <PageShell title='门店收银'>
      <Card title='顾客会员码' className='counter-code'>
        {CAN_SCAN ? (
          <View>
            <Tappable className={locked ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} disabled={locked} onPress={scan} label='扫描会员码'>
              {token ? '已扫描，重新扫描' : '扫描会员码'}
            </Tappable>
            {fieldError.token ? (
              <View className='form-error' {...{ role: 'alert' }}>
                {fieldError.token}
              </View>
            ) : null}
          </View>
        ) : (
          <TextField
            className='counter-token'
            label='会员码（本地开发：粘贴顾客会员码的内容）'
            value={form.pending ? form.pending.token : token}
            maxLength={200}
            placeholder='粘贴会员码'
            disabled={locked}
            error={fieldError.token ?? null}
            onChange={(t) => {
              setToken(t);
              setFieldError((f) => ({ ...f, token: undefined }));
            }}
          />
        )}
        <View className='muted form-note'>会员码一分钟刷新一次，每个会员码只能用于一笔消费。</View>
      </Card>
      <Card title='收款' className='counter-amount'>
        <TextField
          className='counter-yuan'
          label='收款金额（元，精确到分）'
          value={form.pending ? fenText(form.pending.amountFen) : amount}
          maxLength={14}
          placeholder='如 88.50'
          disabled={locked}
          error={fieldError.amount ?? null}
          onChange={(t) => {
            setAmount(t);
            setFieldError((f) => ({ ...f, amount: undefined }));
          }}
        />
        {lines.map((l, i) => {
          const set = (patch: Partial<typeof l>) => setLines((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <View key={i} className={`counter-line counter-line-${i}`}>
              <TextField className='counter-line-product' label={`明细 ${i + 1}：商品编号`} value={l.productId} maxLength={64} disabled={locked} onChange={(v) => set({ productId: v })} />
              <TextField className='counter-line-quantity' label='数量' value={l.quantity} maxLength={6} disabled={locked} onChange={(v) => set({ quantity: v })} />
              <TextField className='counter-line-amount' label='金额（元）' value={l.amount} maxLength={14} disabled={locked} onChange={(v) => set({ amount: v })} />
            </View>
          );
        })}
        {lines.length < 50 ? (
          <Tappable className={locked ? 'link link-disabled' : 'link'} disabled={locked} onPress={() => setLines((all) => [...all, { productId: '', quantity: '1', amount: '' }])} label='添加商品明细（选填）'>
            + 添加商品明细（选填）
          </Tappable>
        ) : null}
        {fieldError.lines ? (
          <View className='form-error' {...{ role: 'alert' }}>
            {fieldError.lines}
          </View>
        ) : null}
        <TextField className='counter-note' label='备注（选填）' value={note} maxLength={200} placeholder='如 小票号' disabled={locked} onChange={setNote} />
        <SubmitActions form={form} onSubmit={submit} label='确认收款' />
      </Card>
      {done ? (
        <Card title='已记录' className='counter-done'>
          <View {...{ role: 'status' }}>
            <View className='desk-big'>{formatFen(done.amountFen)}</View>
            <View>
              {done.displayName}（{done.memberNo}）获得 {formatPoints(done.earnedPoints)} 积分
            </View>
            <View className='muted'>
              订单 {done.orderId}
              {done.tierChanged ? ' · 会员等级已更新' : ''}
            </View>
          </View>
        </Card>
      ) : null}
    </PageShell>
  );
}
