import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Card, PageShell } from '../../../components/PageShell';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { formatFenShort } from '../../../format/money';
import { useRemote } from '../../../hooks/useRemote';
import { callCloud } from '../../../services/cloud';
import { errorMessage } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { FORBIDDEN } from '../../lib/access';
import { BarChart, type BarRow } from './BarChart';
import { saveCsv } from './exportCsv';
import { formatChange, formatTarget, formatValue, monthLabel, NO_DATA, type KpiFigureView, type KpiView } from './format';
import '../../staff.css';
import './kpi.css';

const MANAGER_ONLY = '仅限店长查看';

function Figure({ f }: { f: KpiFigureView }) {
  const change = formatChange(f);
  const arrow = change.trend === 'up' ? '↑' : change.trend === 'down' ? '↓' : '';
  return (
    <View className={`kpi-figure kpi-figure-${f.id}`}>
      <View className='kpi-figure-head'>
        <Text className='kpi-figure-name'>{f.name}</Text>
        {f.met === null ? null : <Tag tone={f.met ? 'positive' : 'negative'}>{f.met ? '达标' : '未达标'}</Tag>}
      </View>
      <Text className={f.value === null ? 'kpi-figure-value kpi-no-data' : 'kpi-figure-value'}>{formatValue(f.value, f.unit)}</Text>
      <View className='kpi-figure-line'>
        {formatTarget(f)} · 上月 {formatValue(f.previous, f.unit)}
      </View>
      <View className={change.good === null ? 'kpi-figure-line' : change.good ? 'kpi-figure-line kpi-good' : 'kpi-figure-line kpi-bad'}>
        {arrow ? `${arrow} ` : ''}
        {change.text}
      </View>
      <View className='kpi-formula'>
        <Text className='kpi-formula-label'>口径：</Text>
        {f.formula}
        {f.value === null && f.id === 'referralShare' ? '（转介绍上线后开始统计）' : ''}
      </View>
      <View className='kpi-detail'>{f.detail}</View>
    </View>
  );
}

const salesRows = (current: KpiView['sales']['current']['byTier'], previous: KpiView['sales']['previous']['byTier']): BarRow[] =>
  current.map((x) => {
    const before = previous.find((p) => p.key === x.key)?.salesFen ?? 0;
    return { key: x.key, label: x.label, value: x.salesFen, text: `${formatFenShort(x.salesFen)} · ${x.pct}%`, previous: before, previousText: formatFenShort(before) };
  });

function Charts({ s }: { s: KpiView }) {
  const rates = s.figures.filter((f) => f.unit === '%' && f.target !== null);
  return (
    <View>
      <Card title='指标与目标' className='kpi-charts'>
        {rates.map((f) => (
          <BarChart
            key={f.id}
            title={f.name}
            rows={[
              { key: 'cur', label: '本月', value: f.value ?? 0, text: formatValue(f.value, f.unit) },
              { key: 'prev', label: '上月', value: f.previous ?? 0, text: formatValue(f.previous, f.unit) },
            ]}
            marker={f.target ? { value: f.target.value, label: formatTarget(f) } : undefined}
            scale={100}
          />
        ))}
      </Card>
      <Card title='会员等级分布' className='kpi-charts'>
        <BarChart title='会员等级分布' rows={s.tiers.map((t) => ({ key: t.key, label: t.label, value: t.count, text: `${t.count} 人 · ${t.pct}%` }))} />
      </Card>
      <Card title='销售构成（本月，浅色为上月）' className='kpi-charts'>
        <BarChart title='按等级' rows={salesRows(s.sales.current.byTier, s.sales.previous.byTier)} />
        <BarChart title='按地区' rows={salesRows(s.sales.current.byRegion, s.sales.previous.byRegion)} />
        <BarChart title='按品类' rows={salesRows(s.sales.current.byLine, s.sales.previous.byLine)} />
      </Card>
    </View>
  );
}

function Export({ period }: { period: string }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const run = (load: () => Promise<{ filename: string; csv: string }>) => {
    if (busy) return;
    setBusy(true);
    setNote(null);
    load()
      .then(saveCsv)
      .then(
        (text) => setNote({ text, error: false }),
        (e: unknown) => setNote({ text: errorMessage(e), error: true }),
      )
      .finally(() => setBusy(false));
  };
  const from = `${period}-01`;
  const last = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).getUTCDate();
  const to = `${period}-${String(last).padStart(2, '0')}`;
  return (
    <Card title='导出 CSV'>
      <View className='muted form-note'>UTF-8 编码（带 BOM），Excel 可直接打开中文。</View>
      <Tappable className={busy ? 'btn btn-disabled' : 'btn'} disabled={busy} onPress={() => run(() => callCloud('kpi', 'exportCsv', { kind: 'summary' }))} label='导出指标 CSV'>
        导出指标
      </Tappable>
      <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} disabled={busy} onPress={() => run(() => callCloud('kpi', 'exportCsv', { kind: 'daily', from, to }))} label={`导出${monthLabel(period)}日报 CSV`}>
        导出{monthLabel(period)}日报
      </Tappable>
      {note ? (
        <View className={note.error ? 'form-error' : 'muted form-note kpi-export-note'} {...{ role: note.error ? 'alert' : 'status' }}>
          {note.text}
        </View>
      ) : null}
    </Card>
  );
}

/** 经营指标: the manager's KPI screen, one call to `kpi.summary` (prepared nightly by the kpiDaily job). */
export default function KpiPage() {
  const sessionVersion = useSessionVersion();
  const summary = useRemote(() => callCloud('kpi', 'summary'), [], sessionVersion);

  if (summary.status === 'error' && summary.code === FORBIDDEN) {
    return (
      <PageShell title='经营指标'>
        <StateView kind='empty' title={MANAGER_ONLY} detail='经营指标只对店长开放' />
      </PageShell>
    );
  }
  return (
    <PageShell title='经营指标'>
      <Remote
        value={summary}
        errorTitle='经营指标加载失败'
        loading={{ title: '经营指标', rows: 4 }}
        isEmpty={(s) => !s.ready}
        empty={{ title: '经营指标尚未生成', detail: '每日 04:30 自动汇总，生成后即可查看' }}
      >
        {(s) =>
          s.ready ? (
            <View className='kpi-page'>
              <Card title={`${monthLabel(s.period)} · 对比${monthLabel(s.previousPeriod)}`}>
                <View className='muted form-note'>
                  上一个完整自然月的数据；会员等级与战略伙伴为统计时的人数。数据为空时显示「{NO_DATA}」。
                </View>
                <View className='kpi-figures'>
                  {s.figures.map((f) => (
                    <Figure key={f.id} f={f} />
                  ))}
                </View>
              </Card>
              <Charts s={s} />
              <Export period={s.period} />
            </View>
          ) : null
        }
      </Remote>
    </PageShell>
  );
}
