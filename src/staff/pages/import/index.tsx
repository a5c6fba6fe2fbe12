import { useEffect, useRef, useState } from 'react';
import { View } from '@tarojs/components';
import type { ApiResult } from '@contracts/apiMap';
import { Card, PageShell } from '../../../components/PageShell';
import { Tappable } from '../../../components/Tappable';
import { callCloud } from '../../../services/cloud';
import { isCloudError } from '../../../services/errors';
import { deskError } from '../../lib/orderDesk';
import { CANCELLED, pickCsv, uploadFile, type PickedFile } from '../../lib/files';
import '../../staff.css';
import '../../orders.css';

type RunView = ApiResult<'orderDesk', 'importStatus'>;
type Mode = 'dryRun' | 'apply';

/** How often a running import is polled. */
const POLL_MS = 1000;

const sizeText = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${Math.round(bytes / 104857.6) / 10} MB`);

function Progress({ run }: { run: RunView }) {
  const label = run.mode === 'dryRun' ? '检查' : '导入';
  return (
    <View className='import-progress'>
      <View className='progress-track' {...{ role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': run.percent, 'aria-label': `${label}进度` }}>
        <View className='progress-fill' style={{ width: `${run.percent}%` }} />
      </View>
      <View className='muted'>
        {run.done ? `${label}完成` : `正在${label}… ${run.percent}%`} · 已读 {run.rows} 行
        {run.mode === 'apply' ? ` · 新建 ${run.created} 单 · 跳过 ${run.skipped} 单（已导入过）` : ''}
      </View>
    </View>
  );
}

function RowErrors({ run }: { run: RunView }) {
  if (run.errorCount === 0) return null;
  return (
    <View className='row-errors' {...{ role: 'alert' }}>
      <View className='form-error'>
        有 {run.errorCount} 行有错误{run.errors.length < run.errorCount ? `（显示前 ${run.errors.length} 行）` : ''}，请修正文件后重新上传：
      </View>
      {run.errors.map((e) => (
        <View key={`${e.line}-${e.externalNo ?? ''}`} className='row-error'>
          第 {e.line} 行{e.externalNo ? `（单号 ${e.externalNo}）` : ''}：{e.reason}
        </View>
      ))}
    </View>
  );
}

/** 订单导入: upload a POS/ERP CSV, dry run (bad rows with line numbers), then apply with progress. */
export default function StaffImportPage() {
  const [file, setFile] = useState<(PickedFile & { fileId: string }) | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runs, setRuns] = useState<Partial<Record<Mode, RunView>>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  useEffect(
    () => () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const poll = (run: RunView) => {
    if (!alive.current) return;
    setRuns((r) => ({ ...r, [run.mode]: run }));
    if (run.done) {
      setBusy(null);
      return;
    }
    timer.current = setTimeout(() => {
      callCloud('orderDesk', 'importStatus', { runId: run.runId }).then(poll, (e: unknown) => {
        if (!alive.current) return;
        // A lost poll is not a failed import: keep asking.
        if (isCloudError(e) && e.code === 'IMPORT.NOT_FOUND') {
          setBusy(null);
          setError(deskError(e));
          return;
        }
        poll(run);
      });
    }, POLL_MS);
  };

  const choose = () => {
    if (busy) return;
    setError(null);
    pickCsv()
      .then((picked) => {
        setBusy('正在上传…');
        return uploadFile(picked).then((fileId) => {
          setFile({ ...picked, fileId });
          setRuns({});
        });
      })
      .catch((e: unknown) => {
        if (e instanceof Error && e.message === CANCELLED) return;
        setError(deskError(e, '上传失败：'));
      })
      .then(() => setBusy((b) => (b === '正在上传…' ? null : b)));
  };

  const start = (mode: Mode) => {
    if (!file || busy) return;
    setError(null);
    setBusy(mode === 'dryRun' ? '正在检查…' : '正在导入…');
    callCloud('orderDesk', 'importOrders', { fileId: file.fileId, mode }).then(
      (r) => poll(r.run),
      (e: unknown) => {
        setBusy(null);
        setError(deskError(e, mode === 'dryRun' ? '检查失败：' : '导入失败：'));
      },
    );
  };

  const dry = runs.dryRun;
  const applied = runs.apply;
  const canApply = !!dry && dry.done && dry.errorCount === 0 && !applied;

  return (
    <PageShell title='订单导入'>
      <Card title='1. 上传文件' className='import-file'>
        <View className='muted form-note'>POS/ERP 导出的 CSV（UTF-8）：会员手机号或会员号、外部单号、时间、商品或金额。同一单号重复导入不会重复记账。</View>
        {file ? (
          <View className='import-file-name'>
            {file.name}（{sizeText(file.size)}）
          </View>
        ) : null}
        <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} disabled={busy !== null} onPress={choose} label={file ? '重新选择文件' : '选择 CSV 文件'}>
          {file ? '重新选择文件' : '选择 CSV 文件'}
        </Tappable>
      </Card>
      {file ? (
        <Card title='2. 试导入（检查）' className='import-dry'>
          <Tappable className={busy || dry ? 'btn btn-disabled' : 'btn'} disabled={busy !== null || !!dry} onPress={() => start('dryRun')} label='开始检查'>
            开始检查
          </Tappable>
          {dry ? <Progress run={dry} /> : null}
          {dry ? <RowErrors run={dry} /> : null}
          {dry?.done && dry.errorCount === 0 ? <View className='form-ok'>检查通过：{dry.rows} 行都可以导入</View> : null}
        </Card>
      ) : null}
      {dry?.done && dry.errorCount === 0 ? (
        <Card title='3. 正式导入' className='import-apply'>
          <Tappable className={canApply && !busy ? 'btn' : 'btn btn-disabled'} disabled={!canApply || busy !== null} onPress={() => start('apply')} label='开始导入'>
            开始导入
          </Tappable>
          {applied ? <Progress run={applied} /> : null}
          {applied?.done ? <View className='form-ok'>导入完成：新建 {applied.created} 单，跳过 {applied.skipped} 单</View> : null}
        </Card>
      ) : null}
      {busy ? <View className='muted form-note'>{busy}</View> : null}
      {error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {error}
        </View>
      ) : null}
    </PageShell>
  );
}
