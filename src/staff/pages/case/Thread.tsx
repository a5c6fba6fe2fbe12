import { View } from '@tarojs/components';
import { Card } from '../../../components/PageShell';
import { DateText } from '../../../components/DateText';
import { PhotoGrid } from '../../../components/PhotoPicker';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { newRequestId } from '../../../lib/requestId';
import type { CaseMessage, CasePhoto, DeskCase } from '../../lib/caseDesk';
import { RetryRow } from '../../lib/SubmitActions';
import type { CaseStepForm } from './useCaseStep';

/** A photo staff still have to look at: not passed by the content check, not approved or rejected yet. */
export const awaitsReview = (p: CasePhoto): boolean => p.staffOnly && p.status !== 'rejected';

/**
 * A message's photos through the shared read-only grid (a tap previews them), then a review row for
 * each photo that waits for staff: 审核通过 shows it to the customer, 不予展示 keeps it hidden.
 */
function Photos({ c, message, review }: { c: DeskCase; message: CaseMessage; review: CaseStepForm }) {
  const busy = review.sending || review.pending !== null;
  const name = (i: number) => `第 ${i + 1} 张照片`;
  return (
    <View className='case-photos'>
      <PhotoGrid photos={message.photos.map((p) => ({ fileId: p.fileId, url: p.url, pending: awaitsReview(p) }))} />
      {message.photos.map((p, i) =>
        p.status === 'rejected' ? (
          <View key={p.fileId} className='case-photo-note'>
            {name(i)}：不予展示，客户看不到
          </View>
        ) : awaitsReview(p) ? (
          <View key={p.fileId} className='case-photo-actions'>
            <View className='muted'>{name(i)}{p.status === 'unchecked' ? '（未经内容检查）' : ''}：</View>
            <Tappable
              className={busy ? 'link chip-disabled' : 'link'}
              disabled={busy}
              label={`${name(i)}：审核通过`}
              onPress={() => review.submit({ kind: 'reviewPhoto', caseId: c.id, requestId: newRequestId(), fileId: p.fileId, approve: true })}
            >
              审核通过
            </Tappable>
            <Tappable
              className={busy ? 'link chip-disabled' : 'link'}
              disabled={busy}
              label={`${name(i)}：不予展示`}
              onPress={() => review.submit({ kind: 'reviewPhoto', caseId: c.id, requestId: newRequestId(), fileId: p.fileId, approve: false })}
            >
              不予展示
            </Tappable>
          </View>
        ) : null,
      )}
    </View>
  );
}

const WHO: Record<CaseMessage['by'], string> = { customer: '客户', staff: '员工', system: '系统' };

/** The thread: the customer's messages, staff replies and internal notes (marked), with photos to review. */
export function Thread({ c, review, now }: { c: DeskCase; review: CaseStepForm; now: number }) {
  return (
    <Card title='沟通记录' className='case-thread'>
      {c.thread.map((m) => {
        const kind = m.internal ? 'internal' : m.by;
        return (
          <View key={m.id} className={`case-msg case-msg-${kind}`}>
            <View className='case-msg-head'>
              {m.internal ? '内部备注 · ' : `${WHO[m.by]} · `}
              {m.name} · <DateText value={m.at} mode='datetime' now={now} />
              {m.flagged ? (
                <>
                  {' '}
                  <Tag tone='warning'>内容待核实</Tag>
                </>
              ) : null}
            </View>
            <View className='case-msg-text'>{m.text}</View>
            {m.photos.length > 0 ? <Photos c={c} message={m} review={review} /> : null}
          </View>
        );
      })}
      <RetryRow step={review} label='重试照片审核' />
      {review.error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {review.error}
        </View>
      ) : null}
    </Card>
  );
}
