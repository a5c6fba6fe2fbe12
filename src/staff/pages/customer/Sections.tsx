/**
 * The editable sections of the customer relationship card: 联系方式, 单位与关键人, 偏好与习惯 (tags),
 * 重要日期. Each section opens its own form over a copy of what is shown; 保存 sends only that section
 * (the server replaces it whole and audits before → after), once per request id (a retry after a
 * network failure reuses it). Removing a key person, a tag, a date or the whole organisation asks
 * first (ConfirmDialog).
 */
import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { CARD_LIMITS, CARD_PHONE_PATTERN, isMonthDay } from '../../../../cloudfunctions/core/crm/card';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Card } from '../../../components/PageShell';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { newRequestId } from '../../../lib/requestId';
import { errorMessage } from '../../../services/errors';
import { SubmitActions } from '../../lib/SubmitActions';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { updateCrmCard, type CardSections, type UpdateCardInput } from './api';

type Patch = Partial<CardSections>;

interface Confirm { title: string; name: string; run: () => void }

/** One section: its view, 编辑, and the form with 保存/取消 while editing. */
function Section<K extends keyof CardSections>({
  title,
  className,
  memberNo,
  field,
  value,
  onSaved,
  view,
  form,
  check,
}: {
  title: string;
  className: string;
  memberNo: string;
  field: K;
  value: CardSections[K];
  onSaved: () => void;
  view: ReactNode;
  form: (draft: CardSections[K], set: (next: CardSections[K]) => void, ask: (c: Confirm) => void) => ReactNode;
  /** A message when the draft cannot be sent. */
  check?: (draft: CardSections[K]) => string | null;
}) {
  const [draft, setDraft] = useState<CardSections[K] | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const save = useOnceSubmit<UpdateCardInput, unknown>(updateCrmCard, (e) => `保存失败：${errorMessage(e)}`, () => {
    setDraft(null);
    onSaved();
  });
  const submit = () => {
    if (save.pending) {
      save.retry();
      return;
    }
    if (draft === null) return;
    const problem = check?.(draft) ?? null;
    if (problem) {
      save.setError(problem);
      return;
    }
    save.submit({ memberNo, requestId: newRequestId(), [field]: draft } as Patch as UpdateCardInput);
  };
  const editing = draft !== null;
  return (
    <Card title={title} className={`crm-section ${className}`}>
      {editing ? (
        <View className='crm-form'>
          {form(draft, (next) => {
            setDraft(next);
            if (!save.pending) save.setError(null);
          }, setConfirm)}
          <SubmitActions form={save} onSubmit={submit} label={`保存${title}`} />
          {save.pending ? null : (
            <Tappable className='link crm-cancel' onPress={() => setDraft(null)} label={`取消编辑${title}`}>
              取消
            </Tappable>
          )}
        </View>
      ) : (
        <View>
          {view}
          <Tappable className='link crm-edit' onPress={() => setDraft(JSON.parse(JSON.stringify(value)) as CardSections[K])} label={`编辑${title}`}>
            编辑 ›
          </Tappable>
        </View>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.title ?? ''}
        name={confirm?.name}
        message='保存后生效，修改会记录在操作日志中'
        confirmLabel='删除'
        danger
        onConfirm={() => {
          confirm?.run();
          setConfirm(null);
        }}
        onCancel={() => setConfirm(null)}
      />
    </Card>
  );
}

const line = (label: string, value: string) => (value ? <View className='crm-line'>{`${label}：${value}`}</View> : null);

const phoneProblem = (phone: string, who: string): string | null => (phone === '' || CARD_PHONE_PATTERN.test(phone.trim()) ? null : `${who}的电话应为 11 位手机号或带区号的座机号`);

interface SectionProps { memberNo: string; card: CardSections; onSaved: () => void }

export function ContactSection({ memberNo, card, onSaved }: SectionProps) {
  const c = card.contact;
  const empty = !c.name && !c.phone && !c.employer && !c.position && !c.address;
  return (
    <Section
      title='联系方式'
      className='crm-contact'
      memberNo={memberNo}
      field='contact'
      value={c}
      onSaved={onSaved}
      check={(d) => phoneProblem(d.phone, '联系人')}
      view={empty ? <View className='muted'>尚未填写</View> : <View>{line('联系人', c.name)}{line('电话', c.phone)}{line('单位', c.employer)}{line('职务', c.position)}{line('地址', c.address)}</View>}
      form={(d, set) => (
        <View>
          <TextField className='crm-contact-name' label='联系人' value={d.name} maxLength={CARD_LIMITS.name} onChange={(name) => set({ ...d, name })} />
          <TextField className='crm-contact-phone' label='电话' value={d.phone} maxLength={CARD_LIMITS.phone} placeholder='11 位手机号或座机' onChange={(phone) => set({ ...d, phone })} />
          <TextField className='crm-contact-employer' label='单位' value={d.employer} maxLength={CARD_LIMITS.employer} onChange={(employer) => set({ ...d, employer })} />
          <TextField className='crm-contact-position' label='职务' value={d.position} maxLength={CARD_LIMITS.position} onChange={(position) => set({ ...d, position })} />
          <TextField className='crm-contact-address' label='地址' value={d.address} maxLength={CARD_LIMITS.address} multiline onChange={(address) => set({ ...d, address })} />
        </View>
      )}
    />
  );
}

export function OrganisationSection({ memberNo, card, onSaved }: SectionProps) {
  const org = card.organisation;
  return (
    <Section
      title='单位与关键人'
      className='crm-org'
      memberNo={memberNo}
      field='organisation'
      value={org}
      onSaved={onSaved}
      check={(d) => (d === null ? null : d.name.trim() === '' ? '请填写单位名称' : d.keyPeople.some((p) => p.name.trim() === '') ? '请填写每位关键人的姓名' : d.keyPeople.map((p) => phoneProblem(p.phone, p.name)).find(Boolean) ?? null)}
      view={
        org === null ? (
          <View className='muted'>个人客户，未填写单位</View>
        ) : (
          <View>
            <View className='crm-org-name'>{org.name}</View>
            {org.keyPeople.map((p, i) => (
              <View key={i} className='crm-person'>
                <View>
                  {p.name}
                  {p.role ? `（${p.role}）` : ''}
                  {p.phone ? ` · ${p.phone}` : ''}
                </View>
                {p.cares ? <View className='muted'>关注：{p.cares}</View> : null}
              </View>
            ))}
          </View>
        )
      }
      form={(d, set, ask) =>
        d === null ? (
          <Tappable className='btn btn-ghost crm-org-add' onPress={() => set({ name: '', keyPeople: [] })} label='添加单位'>
            添加单位
          </Tappable>
        ) : (
          <View>
            <TextField className='crm-org-name-input' label='单位名称' value={d.name} maxLength={CARD_LIMITS.organisation} onChange={(name) => set({ ...d, name })} />
            {d.keyPeople.map((p, i) => {
              const put = (next: typeof p) => set({ ...d, keyPeople: d.keyPeople.map((q, j) => (j === i ? next : q)) });
              return (
                <View key={i} className='crm-person-form'>
                  <TextField label={`关键人 ${i + 1} 姓名`} value={p.name} maxLength={CARD_LIMITS.name} onChange={(name) => put({ ...p, name })} />
                  <TextField label='职务' value={p.role} maxLength={CARD_LIMITS.position} onChange={(role) => put({ ...p, role })} />
                  <TextField label='电话' value={p.phone} maxLength={CARD_LIMITS.phone} onChange={(phone) => put({ ...p, phone })} />
                  <TextField label='关注什么' value={p.cares} maxLength={CARD_LIMITS.cares} multiline onChange={(cares) => put({ ...p, cares })} />
                  <Tappable className='link crm-remove' onPress={() => ask({ title: '删除关键人', name: p.name || `关键人 ${i + 1}`, run: () => set({ ...d, keyPeople: d.keyPeople.filter((_, j) => j !== i) }) })} label={`删除关键人 ${p.name || i + 1}`}>
                    删除此人
                  </Tappable>
                </View>
              );
            })}
            {d.keyPeople.length < CARD_LIMITS.keyPeople ? (
              <Tappable className='link crm-person-add' onPress={() => set({ ...d, keyPeople: [...d.keyPeople, { name: '', role: '', phone: '', cares: '' }] })} label='添加关键人'>
                + 添加关键人
              </Tappable>
            ) : null}
            <Tappable className='link crm-remove' onPress={() => ask({ title: '删除单位信息', name: d.name || '单位', run: () => set(null) })} label='删除单位信息'>
              删除单位信息
            </Tappable>
          </View>
        )
      }
    />
  );
}

export function PreferencesSection({ memberNo, card, onSaved }: SectionProps) {
  const p = card.preferences;
  const [tag, setTag] = useState('');
  return (
    <Section
      title='偏好与习惯'
      className='crm-prefs'
      memberNo={memberNo}
      field='preferences'
      value={p}
      onSaved={onSaved}
      view={
        <View>
          {p.tags.length > 0 ? (
            <View className='crm-tags'>
              {p.tags.map((t) => (
                <Tag key={t}>{t}</Tag>
              ))}
            </View>
          ) : null}
          {p.text ? <View className='crm-line'>{p.text}</View> : null}
          {p.tags.length === 0 && !p.text ? <View className='muted'>尚未填写</View> : null}
        </View>
      }
      form={(d, set, ask) => {
        const addTag = () => {
          const t = tag.trim();
          if (t === '' || d.tags.includes(t) || d.tags.length >= CARD_LIMITS.tags) return;
          set({ ...d, tags: [...d.tags, t] });
          setTag('');
        };
        return (
          <View>
            <View className='crm-tags'>
              {d.tags.map((t) => (
                <Tappable key={t} className='chip crm-tag-remove' onPress={() => ask({ title: '删除标签', name: t, run: () => set({ ...d, tags: d.tags.filter((x) => x !== t) }) })} label={`删除标签 ${t}`}>
                  {t} ×
                </Tappable>
              ))}
            </View>
            <TextField className='crm-tag-input' label={`新标签（最多 ${CARD_LIMITS.tags} 个）`} value={tag} maxLength={CARD_LIMITS.tag} placeholder='如 每周三上午来' onChange={setTag} />
            <Tappable className='btn btn-ghost crm-tag-add' onPress={addTag} label='添加标签'>
              添加标签
            </Tappable>
            <TextField className='crm-prefs-text' label='偏好与习惯' value={d.text} maxLength={CARD_LIMITS.preferences} multiline onChange={(text) => set({ ...d, text })} />
          </View>
        );
      }}
    />
  );
}

export function KeyDatesSection({ memberNo, card, onSaved }: SectionProps) {
  return (
    <Section
      title='重要日期'
      className='crm-dates'
      memberNo={memberNo}
      field='keyDates'
      value={card.keyDates}
      onSaved={onSaved}
      check={(d) => (d.some((k) => k.label.trim() === '') ? '请填写每个日期的名称' : d.some((k) => !isMonthDay(k.monthDay)) ? '日期应为有效的 月-日，如 03-08' : null)}
      view={
        card.keyDates.length === 0 ? (
          <View className='muted'>尚未填写</View>
        ) : (
          <View>
            {card.keyDates.map((k, i) => (
              <View key={i} className='crm-line crm-date'>{`${k.label}：${Number(k.monthDay.slice(0, 2))}月${Number(k.monthDay.slice(3))}日`}</View>
            ))}
          </View>
        )
      }
      form={(d, set, ask) => (
        <View>
          {d.map((k, i) => {
            const put = (next: typeof k) => set(d.map((x, j) => (j === i ? next : x)));
            return (
              <View key={i} className='crm-date-form'>
                <TextField label={`日期 ${i + 1} 名称`} value={k.label} maxLength={CARD_LIMITS.dateLabel} placeholder='如 生日、公司成立日' onChange={(label) => put({ ...k, label })} />
                <TextField label='月-日' value={k.monthDay} maxLength={5} placeholder='如 03-08' onChange={(monthDay) => put({ ...k, monthDay })} />
                <Tappable className='link crm-remove' onPress={() => ask({ title: '删除日期', name: k.label || `日期 ${i + 1}`, run: () => set(d.filter((_, j) => j !== i)) })} label={`删除日期 ${k.label || i + 1}`}>
                  删除此日期
                </Tappable>
              </View>
            );
          })}
          {d.length < CARD_LIMITS.keyDates ? (
            <Tappable className='link crm-date-add' onPress={() => set([...d, { label: '', monthDay: '' }])} label='添加日期'>
              + 添加日期
            </Tappable>
          ) : null}
        </View>
      )}
    />
  );
}
