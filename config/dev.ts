import type { UserConfigExport } from '@tarojs/cli';

/** Where `npm start` serves the local cloud (local/start.ts); the H5 dev server forwards to it. */
const LOCAL_CLOUD = process.env.FRESHPAL_LOCAL_CLOUD || 'http://127.0.0.1:8787';

// Local development (`taro build --watch`, NODE_ENV=development): readable output, progress shown.
export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    devServer: {
      proxy: [{ context: ['/cloud', '/dev/identities'], target: LOCAL_CLOUD, changeOrigin: false }],
    },
  },
} satisfies UserConfigExport<'webpack5'>;
