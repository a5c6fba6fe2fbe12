import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { DateText } from '../../../../components/DateText';
import { ListRow } from '../../../../components/ListRow';
import { Card, PageShell } from '../../../../components/PageShell';
import { Remote } from '../../../../components/Remote';
import { Tappable } from '../../../../components/Tappable';
import { TextField } from '../../../../components/TextField';
import { useRouter } from '../../../../hooks/lifecycle';
import { useRemote } from '../../../../hooks/useRemote';
import { open, ROUTES } from '../../../../lib/routes';
import { errorMessage } from '../../../../services/errors';
import { useSessionVersion } from '../../../../services/session';
import { answerSurvey, surveyOffers, type SurveyOffer, type SurveyResult, type SurveyScores } from '../../api';
import { complaintCategoryOf } from '../../format';
import { MAX_REASON, SCORE_WORDS, SURVEY_QUESTIONS } from '../../labels';
import '../../service.css';

function Question({ label, value, onPick }: { label: string; value: number | undefined; onPick: (n: number) => void }) {
  return (
    <View className='field-block svc-question'>
      <View className='field-label'>{label}</View>
      <View className='svc-stars' {...{ role: 'group', 'aria-label': label }}>
        {[1, 2, 3, 4, 5].map((n) => (
          <Tappable key={n} className={value !== undefined && n <= value ? 'svc-star svc-star-on' : 'svc-star'} pressed={value === n} label={`${label} ${n} 分，${SCORE_WORDS[n]}`} onPress={() => onPick(n)}>
            {value !== undefined && n <= value ? '★' : '☆'}
          </Tappable>
        ))}
        {value !== undefined ? <Text className='muted svc-star-word'>{SCORE_WORDS[value]}</Text> : null}
      </View>
    </View>
  );
}

function SurveyForm({ offer, onAnswered }: { offer: SurveyOffer; onAnswered: (r: SurveyResult) => void }) {
  const [scores, setScores] = useState<Partial<SurveyScores>>({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const complete = SURVEY_QUESTIONS.every((q) => scores[q.key] !== undefined);
  const send = () => {
    if (!complete) {
      setError('请为三个问题都打分');
      return;
    }
    if (busy) return;
    setBusy(true);
    setError(null);
    // The survey is one document per order: sending the same answer again is harmless.
    answerSurvey({ orderId: offer.orderId, scores: scores as SurveyScores, comment: comment.trim() || null }).then(
      (r) => {
        setBusy(false);
        onAnswered(r);
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  };
  return (
    <Card title={`订单 ${offer.orderId}`} className='svc-survey'>
      <View className='muted'>
        {offer.summary} · <DateText value={offer.deliveredAt} /> 送达
      </View>
      {SURVEY_QUESTIONS.map((q) => (
        <Question key={q.key} label={q.label} value={scores[q.key]} onPick={(n) => setScores((s) => ({ ...s, [q.key]: n }))} />
      ))}
      <TextField label='其他意见（选填）' multiline value={comment} maxLength={MAX_REASON} onChange={setComment} />
      {error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {error}
        </View>
      ) : null}
      <Tappable className={busy ? 'btn btn-disabled' : 'btn'} disabled={busy} label='提交评价' onPress={send}>
        {busy ? '正在提交…' : '提交评价'}
      </Tappable>
    </Card>
  );
}

function Answered({ result }: { result: SurveyResult }) {
  const toComplaint = () => void open(ROUTES.serviceNew, { fromSurvey: result.orderId, category: complaintCategoryOf(result.scores) });
  return (
    <Card className='svc-thanks'>
      <View {...{ role: 'status' }}>感谢您的评价！</View>
      {result.low ? (
        <View>
          <View className='muted'>很抱歉这次没让您满意。转为投诉后，客服会尽快联系您处理。</View>
          <Tappable className='btn svc-to-complaint' role='link' label='转为投诉' onPress={toComplaint}>
            转为投诉
          </Tappable>
        </View>
      ) : null}
    </Card>
  );
}

/**
 * 满意度评价: the delivered orders offered the survey (48 hours to 7 days after delivery), three
 * questions 1–5 and a comment; a low answer offers 「转为投诉」, the complaint form about that order.
 */
export default function SurveyPage() {
  const { params } = useRouter();
  const sessionVersion = useSessionVersion();
  const offers = useRemote(surveyOffers, [], sessionVersion);
  const [chosen, setChosen] = useState<string | null>(params?.orderId || null);
  const [answered, setAnswered] = useState<SurveyResult | null>(null);

  return (
    <PageShell title='满意度评价' className='svc-page'>
      {answered ? (
        <Answered result={answered} />
      ) : (
        <Remote
          value={offers}
          loading={{ title: '满意度评价', rows: 3, label: '正在加载…' }}
          errorTitle='评价加载失败'
          isEmpty={(list) => list.length === 0}
          empty={{ title: '暂时没有待评价的订单', detail: '订单送达 48 小时后到 7 天内可以评价' }}
        >
          {(list) => {
            const offer = list.find((o) => o.orderId === chosen) ?? (list.length === 1 ? list[0] : undefined);
            if (offer) return <SurveyForm key={offer.orderId} offer={offer} onAnswered={setAnswered} />;
            return (
              <Card title='选择要评价的订单'>
                {list.map((o) => (
                  <ListRow
                    key={o.orderId}
                    title={o.summary}
                    detail={
                      <Text>
                        <DateText value={o.deliveredAt} /> 送达 · <DateText value={o.until} /> 前可评价
                      </Text>
                    }
                    onPress={() => setChosen(o.orderId)}
                  />
                ))}
              </Card>
            );
          }}
        </Remote>
      )}
    </PageShell>
  );
}
