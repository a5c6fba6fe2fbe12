import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { DateText } from '../../../../components/DateText';
import { Card, PageShell } from '../../../../components/PageShell';
import { PhotoGrid, PhotoPicker } from '../../../../components/PhotoPicker';
import { Remote } from '../../../../components/Remote';
import { Tag } from '../../../../components/Tag';
import { Tappable } from '../../../../components/Tappable';
import { TextField } from '../../../../components/TextField';
import { formatDateTime } from '../../../../format/date';
import { useRouter } from '../../../../hooks/lifecycle';
import { useRemote } from '../../../../hooks/useRemote';
import { useSessionVersion } from '../../../../services/session';
import { addMessage, getCase, rateCase, reopenCase, type CaseMessage, type CaseView } from '../../api';
import { statusTone } from '../../format';
import { MAX_MESSAGE, MAX_PHOTOS, MAX_REASON, SCORE_WORDS } from '../../labels';
import { useWrite } from '../../useWrite';
import '../../service.css';

function Bubble({ m }: { m: CaseMessage }) {
  const side = m.by === 'customer' ? 'svc-bubble-me' : m.by === 'staff' ? 'svc-bubble-staff' : 'svc-bubble-system';
  const who = m.by === 'customer' ? '我' : m.by === 'staff' ? m.name : '系统';
  return (
    <View className={`svc-bubble ${side}`} ariaLabel={`${who}，${formatDateTime(m.at)}`} {...{ role: 'article' }}>
      <View className='svc-bubble-head muted'>
        <Text>{who}</Text> · <DateText value={m.at} mode='datetime' />
      </View>
      {m.text ? <Text className='svc-bubble-text'>{m.text}</Text> : null}
      {m.photos.length > 0 ? <PhotoGrid photos={m.photos.map((p) => ({ fileId: p.fileId, url: p.url, pending: p.staffOnly }))} pendingLabel='审核中' /> : null}
    </View>
  );
}

function AddMessage({ caseId, onDone }: { caseId: string; onDone: (c: CaseView) => void }) {
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [picker, setPicker] = useState(0);
  const write = useWrite(addMessage);
  const empty = text.trim().length === 0;
  const send = () => {
    if (empty) {
      write.setError('请填写补充内容');
      return;
    }
    if (photosBusy) return;
    write.submit({ caseId, text: text.trim(), photos }, (c) => {
      setText('');
      setPhotos([]);
      setPicker((n) => n + 1); // a fresh picker for the next message
      onDone(c);
    });
  };
  return (
    <Card title='补充说明' className='svc-add'>
      <TextField label='补充内容' multiline value={text} maxLength={MAX_MESSAGE} placeholder='补充情况或回复客服' onChange={setText} />
      <PhotoPicker key={picker} max={MAX_PHOTOS} onChange={setPhotos} onBusyChange={setPhotosBusy} />
      {write.error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {write.error}
        </View>
      ) : null}
      <Tappable className={write.busy || photosBusy ? 'btn btn-disabled' : 'btn'} disabled={write.busy || photosBusy} label={write.retrying ? '重试发送补充说明' : '发送补充说明'} onPress={send}>
        {write.busy ? '正在发送…' : write.retrying ? '重试发送' : '发送'}
      </Tappable>
    </Card>
  );
}

/** Rate the resolution 1–5 (stars as buttons); 3 or below asks why. */
function RateForm({ caseId, onDone }: { caseId: string; onDone: (c: CaseView) => void }) {
  const [score, setScore] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const write = useWrite(rateCase);
  const needsReason = score !== null && score <= 3;
  const problem = score === null ? '请选择评分' : needsReason && reason.trim().length === 0 ? '3 分及以下请说明原因' : null;
  const send = () => {
    setTried(true);
    if (problem || score === null) return;
    write.submit({ caseId, score, reason: needsReason || reason.trim() ? reason.trim() : null }, onDone);
  };
  return (
    <Card title='评价处理结果' className='svc-rate'>
      <View className='svc-stars' {...{ role: 'group', 'aria-label': '评分' }}>
        {[1, 2, 3, 4, 5].map((n) => (
          <Tappable key={n} className={score !== null && n <= score ? 'svc-star svc-star-on' : 'svc-star'} pressed={score === n} label={`${n} 星，${SCORE_WORDS[n]}`} onPress={() => setScore(n)}>
            {score !== null && n <= score ? '★' : '☆'}
          </Tappable>
        ))}
        {score !== null ? <Text className='muted svc-star-word'>{SCORE_WORDS[score]}</Text> : null}
      </View>
      {needsReason || score !== null ? (
        <TextField
          label={needsReason ? '请告诉我们哪里不满意（必填）' : '还想说的（选填）'}
          multiline
          value={reason}
          maxLength={MAX_REASON}
          error={tried && needsReason && reason.trim().length === 0 ? '3 分及以下请说明原因' : null}
          onChange={setReason}
        />
      ) : null}
      {tried && score === null ? (
        <View className='form-error' {...{ role: 'alert' }}>
          请选择评分
        </View>
      ) : null}
      {write.error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {write.error}
        </View>
      ) : null}
      <Tappable className={write.busy ? 'btn btn-disabled' : 'btn'} disabled={write.busy} label={write.retrying ? '重试提交评价' : '提交评价'} onPress={send}>
        {write.busy ? '正在提交…' : write.retrying ? '重试提交' : '提交评价'}
      </Tappable>
    </Card>
  );
}

/** Reopen within the window, saying why. */
function Reopen({ c, onDone }: { c: CaseView; onDone: (c: CaseView) => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const write = useWrite(reopenCase);
  const send = () => {
    if (reason.trim().length < 2) {
      write.setError('请说明原因（至少 2 个字）');
      return;
    }
    write.submit({ caseId: c.id, reason: reason.trim() }, (next) => {
      setAsking(false);
      setReason('');
      onDone(next);
    });
  };
  return (
    <Card className='svc-reopen'>
      <View className='muted'>
        问题没有解决？
        {c.reopenUntil !== null ? (
          <Text>
            <DateText value={c.reopenUntil} mode='datetime' /> 前
          </Text>
        ) : null}
        可以重新打开
      </View>
      {asking ? (
        <View>
          <TextField label='重新打开的原因' multiline value={reason} maxLength={MAX_REASON} onChange={setReason} />
          {write.error ? (
            <View className='form-error' {...{ role: 'alert' }}>
              {write.error}
            </View>
          ) : null}
          <Tappable className={write.busy ? 'btn btn-disabled' : 'btn'} disabled={write.busy} label={write.retrying ? '重试重新打开' : '确认重新打开'} onPress={send}>
            {write.busy ? '正在提交…' : write.retrying ? '重试提交' : '确认重新打开'}
          </Tappable>
          <Tappable className='btn btn-ghost state-action' onPress={() => setAsking(false)}>
            取消
          </Tappable>
        </View>
      ) : (
        <Tappable className='btn btn-ghost svc-reopen-open' label='重新打开这条反馈' onPress={() => setAsking(true)}>
          重新打开
        </Tappable>
      )}
    </Card>
  );
}

function CaseBody({ c, filed, onChange }: { c: CaseView; filed: boolean; onChange: (c: CaseView) => void }) {
  const r = c.resolution;
  return (
    <View>
      {filed ? (
        <View className='panel svc-filed' {...{ role: 'status' }}>
          <View className='svc-filed-title'>提交成功</View>
          <View className='muted'>客服回复后会通知您，也可在“我的反馈”中查看</View>
        </View>
      ) : null}
      <Card className='svc-head'>
        <View className='svc-head-line'>
          <Text className='svc-head-title'>
            {c.typeLabel} · {c.categoryLabel}
          </Text>
          <Tag tone={statusTone(c.status)}>{c.statusLabel}</Tag>
        </View>
        <View className='muted'>
          提交于 <DateText value={c.createdAt} mode='datetime' />
          {c.orderId ? ` · 订单 ${c.orderId}` : ''}
        </View>
        {c.promise ? <View className='svc-promise'>{c.promise}</View> : null}
        {c.preferredContact ? <View className='muted'>方便联系的时间：{c.preferredContact}</View> : null}
      </Card>

      {r ? (
        <Card title='处理结果' className='svc-resolution'>
          <View>
            <Tag tone={r.reversed ? 'neutral' : 'positive'}>{r.outcomeLabel}</Tag> <DateText className='muted' value={r.at} mode='datetime' />
          </View>
          {r.note ? <Text className='svc-bubble-text'>{r.note}</Text> : null}
          {r.compensation ? <View className={r.reversed ? 'svc-comp svc-comp-reversed' : 'svc-comp'}>{r.compensation}</View> : null}
          {r.reversed ? <View className='muted'>该补偿已由商家撤回</View> : null}
        </Card>
      ) : null}

      {c.rating ? (
        <Card className='svc-rated'>
          <View>
            您的评价：{c.rating.score} 分（{SCORE_WORDS[c.rating.score] ?? ''}）
          </View>
          {c.rating.reason ? <Text className='muted'>{c.rating.reason}</Text> : null}
        </Card>
      ) : null}
      {c.canRate ? <RateForm caseId={c.id} onDone={onChange} /> : null}
      {c.canReopen ? <Reopen c={c} onDone={onChange} /> : null}

      <Card title='沟通记录' className='svc-thread'>
        {c.thread.map((m) => (
          <Bubble key={m.id} m={m} />
        ))}
      </Card>

      {c.canAddMessage ? <AddMessage caseId={c.id} onDone={onChange} /> : null}
    </View>
  );
}

/** 反馈详情: status and the promised response time, the resolution, rating and reopening, the thread. */
export default function CasePage() {
  const { params } = useRouter();
  const caseId = params?.id ?? '';
  const sessionVersion = useSessionVersion();
  const loaded = useRemote(() => getCase(caseId), [caseId], sessionVersion);
  // A write answers with the whole case: shown at once, without another read.
  const [latest, setLatest] = useState<CaseView | null>(null);
  const value = latest && latest.id === caseId && loaded.status === 'ready' ? { ...loaded, data: latest } : loaded;
  return (
    <PageShell title='反馈详情' className='svc-page'>
      <Remote value={value} loading={{ title: '反馈详情', rows: 5, label: '正在加载反馈…' }} errorTitle='反馈加载失败'>
        {(c) => <CaseBody c={c} filed={params?.filed === '1'} onChange={setLatest} />}
      </Remote>
    </PageShell>
  );
}
