import { useEffect, useRef, useState } from 'react';
// Named imports: the H5 runtime has these only as named exports (the weapp build takes either).
import { chooseMedia, previewImage } from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { errorMessage } from '../../services/errors';
import { uploadPhoto } from '../../services/upload';
import { tappable } from '../Tappable';
import './index.css';

type UploadState = 'uploading' | 'done' | 'failed';

interface PickedPhoto {
  key: number;
  /** The picked image on this device (a temp path, or a blob URL in H5), shown as the thumbnail. */
  localPath: string;
  state: UploadState;
  fileId: string | null;
  error: string | null;
}

interface PickerProps {
  /** At most this many photos (6 for feedback). */
  max: number;
  /** The uploaded photos' fileIDs, in the order shown; called whenever that list changes. */
  onChange: (fileIds: string[]) => void;
  /** True while any photo is still uploading (hold the submit button until it is false). */
  onBusyChange?: (busy: boolean) => void;
  disabled?: boolean;
  /** Visible heading; also names the add button. */
  label?: string;
}

let nextKey = 1;

/**
 * PhotoPicker: up to `max` photos picked with `chooseMedia` (images, compressed, as many as
 * are left), each uploaded at once (services/upload.ts) and shown as a thumbnail with its state
 * (上传中 / 失败 with 重试) and a remove button; a visible "x/max" count; the add button is
 * disabled when full. Reports the uploaded fileIDs to the parent (`onChange`) and whether an upload
 * is still running (`onBusyChange`). Every control has a Chinese accessible name.
 */
export function PhotoPicker({ max, onChange, onBusyChange, disabled = false, label = '照片' }: PickerProps) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  // Results of uploads whose photo was removed meanwhile are dropped.
  const live = useRef(new Set<number>());
  const reported = useRef<string>('[]');
  const busyReported = useRef(false);
  const [pickError, setPickError] = useState<string | null>(null);

  const fileIds = photos.filter((p) => p.state === 'done' && p.fileId !== null).map((p) => p.fileId as string);
  const busy = photos.some((p) => p.state === 'uploading');
  const full = photos.length >= max;

  useEffect(() => {
    const key = JSON.stringify(fileIds);
    if (key !== reported.current) {
      reported.current = key;
      onChange(fileIds);
    }
  });
  useEffect(() => {
    if (busy !== busyReported.current) {
      busyReported.current = busy;
      onBusyChange?.(busy);
    }
  });
  useEffect(() => {
    const keys = live.current;
    return () => keys.clear();
  }, []);

  const update = (key: number, patch: Partial<PickedPhoto>) => setPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  const start = (key: number, localPath: string) => {
    uploadPhoto(localPath).then(
      (fileId) => {
        if (live.current.has(key)) update(key, { state: 'done', fileId, error: null });
      },
      (e: unknown) => {
        if (live.current.has(key)) update(key, { state: 'failed', error: errorMessage(e) });
      },
    );
  };

  const add = () => {
    const room = max - photos.length;
    if (room <= 0 || disabled) return;
    setPickError(null);
    chooseMedia({ count: room, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] }).then(
      (res) => {
        // H5 may hand back more than asked: keep what fits.
        const picked = (res.tempFiles ?? []).slice(0, room).map((f) => ({ key: nextKey++, localPath: f.tempFilePath, state: 'uploading' as const, fileId: null, error: null }));
        if (picked.length === 0) return;
        for (const p of picked) live.current.add(p.key);
        setPhotos((list) => [...list, ...picked].slice(0, max));
        for (const p of picked) start(p.key, p.localPath);
      },
      (e: unknown) => {
        const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
        if (!/cancel/i.test(msg)) setPickError('无法选择照片，请检查相册和相机权限后重试');
      },
    );
  };

  const remove = (key: number) => {
    live.current.delete(key);
    setPhotos((list) => list.filter((p) => p.key !== key));
  };

  const retry = (p: PickedPhoto) => {
    update(p.key, { state: 'uploading', error: null });
    start(p.key, p.localPath);
  };

  return (
    <View className='photo-picker'>
      <View className='photo-head'>
        <View className='photo-label'>{label}</View>
        <View className='photo-count' ariaLabel={`已添加 ${photos.length} 张${label}，最多 ${max} 张`}>
          {photos.length}/{max}
        </View>
      </View>
      <View className='photo-grid'>
        {photos.map((p, i) => {
          const name = `第 ${i + 1} 张${label}`;
          return (
            <View key={p.key} className={`photo-cell photo-${p.state}`}>
              <Image className='photo-img' src={p.localPath} mode='aspectFill' ariaLabel={name} />
              {p.state === 'uploading' ? <View className='photo-state'>上传中…</View> : null}
              {p.state === 'failed' ? (
                <View className='photo-state photo-state-failed' {...{ role: 'alert' }}>
                  上传失败
                </View>
              ) : null}
              {p.state === 'failed' ? (
                <View className='photo-retry' {...tappable({ onPress: () => retry(p), label: `重试上传${name}` })}>
                  重试
                </View>
              ) : null}
              <View className='photo-remove' {...tappable({ onPress: () => remove(p.key), label: `删除${name}` })}>
                ×
              </View>
            </View>
          );
        })}
        <View
          className={`photo-cell photo-add${disabled || full ? ' photo-add-disabled' : ''}`}
          {...tappable({ onPress: add, label: full ? `添加${label}，已达上限 ${max} 张` : `添加${label}，还可添加 ${max - photos.length} 张`, disabled: disabled || full })}
        >
          <View className='photo-add-plus'>+</View>
          <View className='photo-add-text'>{full ? '已满' : '添加'}</View>
        </View>
      </View>
      {full ? <View className='photo-hint'>已达上限 {max} 张，删除后可再添加</View> : null}
      {pickError ? (
        <View className='photo-error' {...{ role: 'alert' }}>
          {pickError}
        </View>
      ) : null}
    </View>
  );
}

export interface GridPhoto {
  fileId: string;
  /** A temporary link issued for this viewer, or null when none could be issued. */
  url: string | null;
  /** Not visible to the customer yet (staff see it, labelled). */
  pending?: boolean;
}

interface GridProps {
  photos: GridPhoto[];
  /** The label on a pending photo; staff see the default. */
  pendingLabel?: string;
  label?: string;
}

/**
 * PhotoGrid: photos from temporary links, read-only; a tap opens the full-size preview
 * (`previewImage`) over every photo that has a link. A pending photo carries the label
 * "待审核，仅员工可见" (or `pendingLabel`); a photo without a link says 照片暂不可用.
 */
export function PhotoGrid({ photos, pendingLabel = '待审核，仅员工可见', label = '照片' }: GridProps) {
  const urls = photos.map((p) => p.url).filter((u): u is string => u !== null);
  return (
    <View className='photo-grid'>
      {photos.map((p, i) => {
        const name = `第 ${i + 1} 张${label}${p.pending ? `（${pendingLabel}）` : ''}`;
        return (
          <View key={p.fileId} className='photo-cell'>
            {p.url ? (
              <View className='photo-open' {...tappable({ onPress: () => void previewImage({ urls, current: p.url as string }).catch(() => undefined), label: `查看${name}大图` })}>
                <Image className='photo-img' src={p.url} mode='aspectFill' ariaLabel={name} />
              </View>
            ) : (
              <View className='photo-img photo-missing'>照片暂不可用</View>
            )}
            {p.pending ? <View className='photo-pending'>{pendingLabel}</View> : null}
          </View>
        );
      })}
    </View>
  );
}
