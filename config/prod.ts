import type { UserConfigExport } from '@tarojs/cli';

// Production builds (the default for `taro build`): minified, dead H5-only branches removed.
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
