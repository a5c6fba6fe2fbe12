import { useState } from 'react';
import { View } from '@tarojs/components';
import type { ApiInput, ApiResult } from '@contracts/apiMap';
import { Card, PageShell } from '../../../components/PageShell';
import { ListFooter } from '../../../components/ListFooter';
import { ListRow } from '../../../components/ListRow';
import { StateView } from '../../../components/StateView';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { usePaged } from '../../../hooks/usePaged';
import { newRequestId } from '../../../lib/requestId';
import { callCloud } from '../../../services/cloud';
import { useSessionVersion } from '../../../services/session';
import { formatFen } from '../../../format/money';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { deskError } from '../../lib/orderDesk';
import { CANCELLED, pickCsv, readText } from '../../lib/files';
import { SubmitActions } from '../../lib/SubmitActions';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { parseYuan } from '../../lib/yuan';
import '../../staff.css';
import '../../orders.css';

type Line = NonNullable<ApiInput<'orderDesk', 'listProducts'>['line']>;
type Product = ApiResult<'orderDesk', 'listProducts'>['items'][number];
type EditInput = ApiInput<'orderDesk', 'updateProduct'>;
type EditResult = ApiResult<'orderDesk', 'updateProduct'>;
type ImportResult = ApiResult<'orderDesk', 'importCatalogue'>;

const LINES: Line[] = ['叶菜', '根茎', '瓜果', '菌菇', '肉禽蛋', '乳品', '粮油', '节礼'];
/** The catalogue CSV travels inside the call (importCatalogue's limit). */
const MAX_CSV_CHARS = 60_000;

const fenText = (fen: number) => `${(fen - (fen % 100)) / 100}.${String(fen % 100).padStart(2, '0')}`;

function ProductEditor({ product, onSaved }: { product: Product; onSaved: (r: EditResult) => void }) {
  const [price, setPrice] = useState(fenText(product.listPriceFen));
  const [stock, setStock] = useState('');
  const [shelf, setShelf] = useState<boolean | null>(null);
  const [check, setCheck] = useState<string | null>(null);
  const form = useOnceSubmit<EditInput, EditResult>((input) => callCloud('orderDesk', 'updateProduct', input), (e) => deskError(e, '保存失败：'), onSaved);

  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const p = parseYuan(price, { allowZero: true, max: 10_000_000 });
    if (!p.ok) return setCheck(`价格：${p.message}`);
    const s = stock.trim();
    let stockValue: number | 'unlimited' | undefined;
    if (s === '不限') stockValue = 'unlimited';
    else if (s !== '') {
      if (!/^\d{1,9}$/.test(s)) return setCheck('库存应为整数，或填“不限”');
      stockValue = Number(s);
    }
    const change: EditInput = { productId: product.id, requestId: newRequestId() };
    if (p.fen !== null && p.fen !== product.listPriceFen) change.listPriceFen = p.fen;
    if (stockValue !== undefined) change.stock = stockValue;
    if (shelf !== null) change.onShelf = shelf;
    if (change.listPriceFen === undefined && change.stock === undefined && change.onShelf === undefined) return setCheck('没有修改：请修改价格、库存或上下架');
    setCheck(null);
    form.submit(change);
  };

  return (
    <View className='product-editor'>
      <TextField className='product-price' label={`标价（元/${product.unitLabel}）`} value={price} maxLength={12} onChange={setPrice} />
      <TextField className='product-stock' label='库存（留空不改，或填“不限”）' value={stock} maxLength={10} placeholder='如 120' onChange={setStock} />
      <View className='chips' {...{ role: 'group', 'aria-label': '上下架' }}>
        {([true, false] as const).map((on) => (
          <Tappable key={String(on)} className={shelf === on ? 'chip chip-active' : 'chip'} pressed={shelf === on} onPress={() => setShelf(shelf === on ? null : on)} label={on ? '上架' : '下架'}>
            {on ? '上架' : '下架'}
          </Tappable>
        ))}
      </View>
      {check ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {check}
        </View>
      ) : null}
      <SubmitActions form={form} onSubmit={submit} label={`保存${product.name}`} />
      {form.result ? (
        <View className='form-ok'>
          已保存：{formatFen(form.result.listPriceFen)}，库存 {form.result.stock === 'unlimited' ? '不限' : form.result.stock}，{form.result.onShelf ? '在架' : '已下架'}
        </View>
      ) : null}
    </View>
  );
}

function CatalogueImport({ onApplied }: { onApplied: () => void }) {
  const [csv, setCsv] = useState('');
  const [dry, setDry] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const apply = useOnceSubmit<{ csv: string; dryRun: false; requestId: string }, ImportResult>((input) => callCloud('orderDesk', 'importCatalogue', input), (e) => deskError(e, '导入失败：'), onApplied);

  const edit = (text: string) => {
    setCsv(text);
    // Another text needs another dry run.
    setDry(null);
    setError(null);
  };

  const choose = () => {
    pickCsv()
      .then(readText)
      .then((text) => {
        if (text.length > MAX_CSV_CHARS) setError(`文件有 ${text.length} 字，超过 ${MAX_CSV_CHARS} 字，请分批导入`);
        else edit(text);
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error && e.message === CANCELLED)) setError(e instanceof Error ? e.message : '读取文件失败');
      });
  };

  const check = () => {
    if (busy || !csv.trim()) return;
    setBusy(true);
    setError(null);
    callCloud('orderDesk', 'importCatalogue', { csv, dryRun: true }).then(
      (r) => {
        setBusy(false);
        setDry(r);
      },
      (e: unknown) => {
        setBusy(false);
        setError(deskError(e, '检查失败：'));
      },
    );
  };

  const ok = dry !== null && dry.errors.length === 0;
  return (
    <Card title='导入商品表（CSV）' className='catalogue-import'>
      <TextField className='catalogue-csv' label='粘贴 CSV（第一行为表头）' value={apply.pending ? apply.pending.csv : csv} maxLength={MAX_CSV_CHARS} multiline placeholder='商品编号,名称,品类,单位,价格（分）,…' disabled={apply.sending || apply.pending !== null} onChange={edit} />
      <View className='desk-steps'>
        <Tappable className='btn btn-ghost' onPress={choose} label='选择 CSV 文件'>
          选择文件
        </Tappable>
        <Tappable className={busy || !csv.trim() ? 'btn btn-disabled' : 'btn'} disabled={busy || !csv.trim()} onPress={check} label='检查商品表'>
          {busy ? '检查中…' : '检查'}
        </Tappable>
      </View>
      {dry && dry.errors.length > 0 ? (
        <View className='row-errors' {...{ role: 'alert' }}>
          <View className='form-error'>有 {dry.errors.length} 行有错误，修正后重新检查：</View>
          {dry.errors.map((e) => (
            <View key={`${e.line}-${e.productId ?? ''}`} className='row-error'>
              第 {e.line} 行{e.productId ? `（${e.productId}）` : ''}：{e.reason}
            </View>
          ))}
        </View>
      ) : null}
      {ok ? (
        <View>
          <View className='form-ok'>
            检查通过：{dry.rows} 行，新增 {dry.creates}，更新 {dry.updates}，不变 {dry.unchanged}
          </View>
          <SubmitActions form={apply} onSubmit={() => (apply.pending ? apply.retry() : apply.submit({ csv, dryRun: false, requestId: newRequestId() }))} label='确认导入商品表' />
        </View>
      ) : null}
      {apply.result ? <View className='form-ok'>已导入：新增 {apply.result.creates}，更新 {apply.result.updates}</View> : null}
      {error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {error}
        </View>
      ) : null}
    </Card>
  );
}

/** 商品管理 (managers): the catalogue by line with price, stock and shelf edits; CSV import with a dry run. */
export default function StaffProductsPage() {
  const sessionVersion = useSessionVersion();
  const [line, setLine] = useState<Line>('叶菜');
  const [open, setOpen] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const list = usePaged<Product>((page) => callCloud('orderDesk', 'listProducts', { line, page, pageSize: 20 }), (p) => p.id, [line, version, sessionVersion]);

  return (
    <PageShell title='商品管理'>
      <Card>
        <View className='chips' {...{ role: 'group', 'aria-label': '品类' }}>
          {LINES.map((l) => (
            <Tappable key={l} className={line === l ? 'chip chip-active' : 'chip'} pressed={line === l} onPress={() => setLine(l)} label={l}>
              {l}
            </Tappable>
          ))}
        </View>
      </Card>
      {list.status === 'loading' ? (
        <StateView kind='loading' title='正在加载商品' />
      ) : list.status === 'error' ? (
        <StateView kind='error' title={list.code === FORBIDDEN ? STAFF_ONLY : '商品加载失败'} detail={list.code === FORBIDDEN ? undefined : list.message} onRetry={list.reload} />
      ) : (
        <Card className='product-list'>
          {list.items.map((p) => (
            <View key={p.id}>
              <ListRow
                title={p.name}
                detail={`${p.id} · ${p.onShelf ? '在架' : '已下架'} · 库存 ${p.stock === 'unlimited' ? '不限' : p.stock}${p.maxPerOrder !== null ? ` · 每单最多 ${p.maxPerOrder}` : ''}`}
                side={`${formatFen(p.listPriceFen)}/${p.unitLabel}`}
                label={`修改 ${p.name}`}
                onPress={() => setOpen(open === p.id ? null : p.id)}
              />
              {open === p.id ? <ProductEditor product={p} onSaved={() => setVersion((v) => v + 1)} /> : null}
            </View>
          ))}
          <ListFooter list={list} onMore={list.loadMore} emptyText='这个品类还没有商品' />
        </Card>
      )}
      <CatalogueImport onApplied={() => setVersion((v) => v + 1)} />
    </PageShell>
  );
}
