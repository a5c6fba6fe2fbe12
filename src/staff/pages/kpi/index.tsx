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
import { Chart, type ChartSpec } from '../../components/Chart';
import { FigureTable } from './FigureTable';
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

type Share = KpiView['sales']['current']['byTier'][number];

/** One sales breakdown (by tier, region or product line): this month's bars beside last month's, in yuan. */
function SalesChart({ id, title, current, previous }: { id: string; title: string; current: readonly Share[]; previous: readonly Share[] }) {
  const before = (key: string) => previous.find((p) => p.key === key)?.salesFen ?? 0;
  const spec: ChartSpec = {
    type: 'column',
    unit: '元',
    categories: current.map((x) => x.label),
    series: [
      { name: '本月', data: current.map((x) => x.salesFen / 100) },
      { name: '上月', data: current.map((x) => before(x.key) / 100) },
    ],
  };
  return (
    <View className='kpi-chart'>
      <View className='kpi-chart-title'>{title}</View>
      <Chart id={id} spec={spec} />
      <FigureTable
        title={title}
        rows={current.map((x) => ({ key: x.key, label: x.label, cells: [`${formatFenShort(x.salesFen)} · ${x.pct}%（上月 ${formatFenShort(before(x.key))}）`] }))}
      />
    </View>
  );
}

function Charts({ s }: { s: KpiView }) {
  const rates = s.figures.filter((f) => f.unit === '%' && f.target !== null);
  const ratesSpec: ChartSpec = {
    type: 'column',
    unit: '%',
    categories: rates.map((f) => f.name),
    series: [
      { name: '本月', data: rates.map((f) => f.value) },
      { name: '上月', data: rates.map((f) => f.previous) },
      { name: '目标', data: rates.map((f) => f.target?.value ?? null), kind: 'marker' },
    ],
  };
  const members = s.tiers.reduce((n, t) => n + t.count, 0);
  const tiersSpec: ChartSpec = {
    type: 'ring',
    slices: s.tiers.map((t) => ({ name: t.label, value: t.count, label: `${t.pct}%` })),
    centre: { title: `${members} 人`, subtitle: '会员' },
  };
  return (
    <View>
      <Card title='指标与目标' className='kpi-charts'>
        <Chart id='kpi-chart-rates' spec={ratesSpec} />
        <FigureTable
          title='指标与目标'
          rows={rates.map((f) => ({ key: f.id, label: f.name, cells: [`本月 ${formatValue(f.value, f.unit)}`, `上月 ${formatValue(f.previous, f.unit)}`, formatTarget(f)] }))}
          note='柱：本月（深）与上月（浅）；红点：目标'
        />
      </Card>
      <Card title='会员等级分布' className='kpi-charts'>
        <Chart id='kpi-chart-tiers' spec={tiersSpec} />
        <FigureTable title='会员等级分布' rows={s.tiers.map((t) => ({ key: t.key, label: t.label, cells: [`${t.count} 人 · ${t.pct}%`] }))} />
      </Card>
      <Card title='销售构成（本月，浅色为上月）' className='kpi-charts'>
        <SalesChart id='kpi-chart-sales-tier' title='按等级' current={s.sales.current.byTier} previous={s.sales.previous.byTier} />
        <SalesChart id='kpi-chart-sales-region' title='按地区' current={s.sales.current.byRegion} previous={s.sales.previous.byRegion} />
        <SalesChart id='kpi-chart-sales-line' title='按品类' current={s.sales.current.byLine} previous={s.sales.previous.byLine} />
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
