/**
 * Getting the exported JSON off the phone. H5: a download. Weapp: written to the user data folder and
 * sent to a chat with `shareFileMessage` (open it on a computer); where sharing is unavailable the
 * text is copied.
 */
import Taro from '@tarojs/taro';

export async function saveJson(filename: string, data: unknown): Promise<string> {
  const text = JSON.stringify(data, null, 2);
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return `已下载 ${filename}`;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${filename}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({ filePath, data: text, encoding: 'utf8', success: () => resolve(), fail: reject });
  });
  try {
    await Taro.shareFileMessage({ filePath, fileName: filename });
    return `已发送 ${filename}`;
  } catch (e) {
    if (String((e as { errMsg?: string } | null)?.errMsg ?? '').includes('cancel')) return '已取消发送';
    await Taro.setClipboardData({ data: text });
    return '无法发送文件，已复制数据到剪贴板';
  }
}

/** freshpal-data-FP00000001-2026-12-02.json */
export function exportFilename(memberNo: string, day: string): string {
  return `freshpal-data-${memberNo}-${day}.json`;
}
