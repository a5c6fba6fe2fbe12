import { useEffect, useMemo, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { DateText } from '../../../../components/DateText';
import { Card, PageShell } from '../../../../components/PageShell';
import { PhotoPicker } from '../../../../components/PhotoPicker';
import { Tappable } from '../../../../components/Tappable';
import { TextField } from '../../../../components/TextField';
import { formatFen } from '../../../../format/money';
import { useRouter } from '../../../../hooks/lifecycle';
import { useRemote } from '../../../../hooks/useRemote';
import { replace, ROUTES } from '../../../../lib/routes';
import { orderDetail, orderHistory } from '../../../../services/orders';
import { useSessionVersion } from '../../../../services/session';
import { askToNotify, loadSubscribeTemplates, type SubscribeTemplates } from '../../../../services/subscribe';
import { submitCase, type CaseCategory, type CaseType, type SubmitCaseInput } from '../../api';
import { orderNames } from '../../format';
import { CATEGORY_LABELS, CATEGORY_OPTIONS, CONTACT_OPTIONS, MAX_PHOTOS, MAX_TEXT, MIN_TEXT, TYPE_OPTIONS } from '../../labels';
import { formErrors, type FormState } from '../../form';
import { useWrite } from '../../useWrite';
import '../../service.css';

const RECENT_ORDERS = 5;
const isCategory = (v: string | undefined): v is CaseCategory => v !== undefined && v in CATEGORY_LABELS;

function Chips<T extends string>({ label, options, value, onPick, error }: { label: string; options: { id: T; label: string }[]; value: T | null; onPick: (id: T) => void; error?: string }) {
  return (
    <View className='field-block'>
      <View className='field-label'>{label}</View>
      <View className='svc-chips' {...{ role: 'group', 'aria-label': label }}>
        {options.map((o) => (
          <Tappable key={o.id} className={value === o.id ? 'svc-chip svc-chip-on' : 'svc-chip'} pressed={value === o.id} onPress={() => onPick(o.id)}>
            {o.label}
          </Tappable>
        ))}
      </View>
      {error ? (
        <View className='field-error' {...{ role: 'alert' }}>
          {error}
        </View>
      ) : null}
    </View>
  );
}

/** The order concerned (optional): one of the recent orders, or the one the page was opened with. */
function OrderPicker({ orderId, productIds, onOrder, onProducts, sessionVersion }: { orderId: string | null; productIds: string[]; onOrder: (id: string | null) => void; onProducts: (ids: string[]) => void; sessionVersion: number }) {
  const recent = useRemote(() => orderHistory(0, RECENT_ORDERS), [], sessionVersion);
  const detail = useRemote(() => (orderId ? orderDetail(orderId) : Promise.resolve(null)), [orderId], sessionVersion);
  const rows = recent.status === 'ready' ? recent.data.items : [];
  const toggle = (id: string) => onProducts(productIds.includes(id) ? productIds.filter((p) => p !== id) : [...productIds, id]);
  return (
    <Card title='相关订单（选填）' className='svc-orders'>
      <View {...{ role: 'group', 'aria-label': '相关订单' }}>
        <Tappable className={orderId === null ? 'svc-option svc-option-on' : 'svc-option'} pressed={orderId === null} onPress={() => onOrder(null)}>
          不涉及具体订单
        </Tappable>
        {orderId !== null && !rows.some((o) => o.id === orderId) ? (
          <Tappable className='svc-option svc-option-on' pressed onPress={() => onOrder(orderId)}>
            订单 {orderId}
          </Tappable>
        ) : null}
        {rows.map((o) => (
          <Tappable
            key={o.id}
            className={orderId === o.id ? 'svc-option svc-option-on' : 'svc-option'}
            pressed={orderId === o.id}
            onPress={() => onOrder(o.id)}
          >
            <View>{orderNames(o.names, o.lineCount)}</View>
            <View className='muted'>
              <DateText value={o.createdAt} /> · {o.statusLabel} · {formatFen(o.paidFen)}
            </View>
          </Tappable>
        ))}
        {recent.status === 'loading' ? <View className='muted'>正在加载订单…</View> : null}
        {recent.status === 'error' ? <View className='muted'>订单加载失败：{recent.message}</View> : null}
      </View>
      {orderId !== null && detail.status === 'ready' && detail.data ? (
        <View className='field-block svc-lines'>
          <View className='field-label'>涉及的商品（选填，可多选）</View>
          <View {...{ role: 'group', 'aria-label': '涉及的商品' }}>
            {detail.data.lines.map((l) => {
              const on = productIds.includes(l.productId);
              return (
                <Tappable key={l.productId} className={on ? 'svc-check svc-check-on' : 'svc-check'} pressed={on} label={l.name} onPress={() => toggle(l.productId)}>
                  <Text className='svc-check-box'>{on ? '✓' : ''}</Text>
                  <Text>{l.name}</Text>
                </Tappable>
              );
            })}
          </View>
        </View>
      ) : null}
      {orderId !== null && detail.status === 'error' ? <View className='form-error'>订单商品加载失败：{detail.message}</View> : null}
    </Card>
  );
}

/**
 * 提交反馈: a complaint, enquiry or suggestion in one form: type and category, the order and lines
 * concerned (optional), a description (5–500 characters, counted as typed), up to 6 photos and a
 * preferred contact time. The submit tap first asks for the one-time subscribe messages (回复,
 * 处理结果: WeChat allows that only synchronously inside a tap), then files the case once (one request
 * id per form) and opens it. `?orderId=` preselects an order; `?fromSurvey=<orderId>` is a complaint
 * from a low delivery survey.
 */
export default function NewCasePage() {
  const { params } = useRouter();
  const sessionVersion = useSessionVersion();
  const fromSurvey = params?.fromSurvey || null;
  const initial = useMemo<FormState>(
    () => ({
      type: fromSurvey ? 'complaint' : null,
      category: isCategory(params?.category) ? params.category : null,
      orderId: fromSurvey ?? (params?.orderId || null),
      productIds: [],
      text: '',
      photos: [],
      contact: null,
    }),
    // The query is read once, when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const [form, setForm] = useState<FormState>(initial);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const write = useWrite(submitCase);
  // The template ids are needed inside the submit tap, so they are fetched when the form opens (weapp
  // only: H5 has no subscribe prompt). Without them the case is still filed; notices show in the app.
  const templates = useRef<SubscribeTemplates | null>(null);
  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp') return;
    loadSubscribeTemplates().then(
      (t) => {
        templates.current = t;
      },
      () => undefined,
    );
  }, []);
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const errors = formErrors(form);
  const shown = tried ? errors : {};

  const submit = () => {
    setTried(true);
    if (Object.keys(errors).length > 0 || photosBusy || write.busy) return;
    // Must come first and synchronously: WeChat only shows the subscribe prompt inside the tap.
    void askToNotify(['reply', 'result'], templates.current);
    const payload: Omit<SubmitCaseInput, 'requestId'> = {
      type: form.type as CaseType,
      category: form.category as CaseCategory,
      orderId: form.orderId,
      productIds: form.orderId ? form.productIds : [],
      text: form.text.trim(),
      photos: form.photos,
      preferredContact: form.contact,
      fromSurvey: fromSurvey !== null,
    };
    write.submit(payload, (c) => void replace(ROUTES.serviceCase, { id: c.id, filed: '1' }));
  };

  const label = write.busy ? '正在提交…' : write.retrying ? '重试提交' : '提交';
  return (
    <PageShell title='提交反馈' className='svc-page'>
      {fromSurvey ? (
        <View className='panel svc-note' {...{ role: 'note' }}>
          根据您的评价转为投诉：订单 {fromSurvey}
        </View>
      ) : null}
      <Card>
        <Chips label='反馈类型' options={TYPE_OPTIONS} value={form.type} onPick={(type) => set({ type })} error={shown.type} />
        <Chips label='问题类别' options={CATEGORY_OPTIONS} value={form.category} onPick={(category) => set({ category })} error={shown.category} />
      </Card>
      <OrderPicker
        orderId={form.orderId}
        productIds={form.productIds}
        sessionVersion={sessionVersion}
        onOrder={(orderId) => set({ orderId, productIds: [] })}
        onProducts={(productIds) => set({ productIds })}
      />
      <Card>
        <TextField
          className='svc-text'
          label='问题描述'
          multiline
          value={form.text}
          maxLength={MAX_TEXT}
          placeholder={`请描述具体情况，至少 ${MIN_TEXT} 个字`}
          error={shown.text ?? null}
          onChange={(text) => set({ text })}
        />
        <View className='field-block'>
          <PhotoPicker max={MAX_PHOTOS} label='照片' onChange={(photos) => set({ photos })} onBusyChange={setPhotosBusy} />
        </View>
        <Chips
          label='方便联系的时间（选填）'
          options={CONTACT_OPTIONS.map((c) => ({ id: c, label: c }))}
          value={form.contact as (typeof CONTACT_OPTIONS)[number] | null}
          onPick={(c) => set({ contact: form.contact === c ? null : c })}
        />
      </Card>
      {write.error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {write.error}
        </View>
      ) : null}
      {photosBusy ? <View className='muted svc-wait'>照片上传中，完成后即可提交</View> : null}
      <Tappable className={photosBusy || write.busy ? 'btn svc-submit btn-disabled' : 'btn svc-submit'} disabled={photosBusy || write.busy} label={label === '提交' ? '提交反馈' : label} onPress={submit}>
        {label}
      </Tappable>
    </PageShell>
  );
}
