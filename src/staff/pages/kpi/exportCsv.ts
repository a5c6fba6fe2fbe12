/**
 * Getting the CSV off the phone. H5: a download. Weapp: `openDocument` cannot open CSV (it takes
 * doc/xls/ppt/pdf), so the file is written to the user data folder and sent to a chat with
 * `shareFileMessage` (open it on the computer in Excel); where sharing is unavailable it is copied.
 */
import Taro from '@tarojs/taro';

export interface CsvFile { filename: string; csv: string }

export async function saveCsv(file: CsvFile): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return `已下载 ${file.filename}`;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${file.filename}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({ filePath, data: file.csv, encoding: 'utf8', success: () => resolve(), fail: reject });
  });
  try {
    await Taro.shareFileMessage({ filePath, fileName: file.filename });
    return `已发送 ${file.filename}`;
  } catch (e) {
    if (String((e as { errMsg?: string } | null)?.errMsg ?? '').includes('cancel')) return '已取消发送';
    await Taro.setClipboardData({ data: file.csv });
    return '无法发送文件，已复制表格内容到剪贴板';
  }
}
