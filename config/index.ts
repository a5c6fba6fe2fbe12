import path from 'path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type Chain from 'webpack-chain';
import devConfig from './dev';
import prodConfig from './prod';

const isH5 = process.env.TARO_ENV === 'h5';

/**
 * Plain-data modules the front end shares with the cloud functions (error registry, limits): Taro
 * compiles only src/ unless told. Everything else under cloudfunctions/ is imported as types only.
 */
const SHARED_WITH_SERVER = [
  path.resolve(__dirname, '..', 'cloudfunctions', 'contracts'),
  path.resolve(__dirname, '..', 'cloudfunctions', 'core', 'errorCodes.ts'),
  // The customer card's field limits and formats (no imports), so the staff forms check what the server checks.
  path.resolve(__dirname, '..', 'cloudfunctions', 'core', 'crm', 'card.ts'),
  // The complaint desk's words (no imports): the customer and staff pages show the server's own labels.
  path.resolve(__dirname, '..', 'cloudfunctions', 'core', 'cases', 'labels.ts'),
];

/** The WeChat cloud environment the weapp build talks to; set FRESHPAL_CLOUD_ENV when building for real. */
const CLOUD_ENV_PLACEHOLDER = 'freshpal-env-placeholder';

/** Keep license banners inside the bundles instead of separate *.LICENSE.txt files (fewer files in the package). */
function keepLicensesInline(chain: Chain): void {
  // `minimizers` exists at runtime (webpack-chain ChainedMap) but is missing from its typings.
  const minimizers = (chain.optimization as unknown as { minimizers: { has(name: string): boolean } }).minimizers;
  if (!minimizers.has('terserPlugin')) return; // development builds are not minified
  chain.optimization.minimizer('terserPlugin').tap((args: Record<string, unknown>[]) => [{ ...args[0], extractComments: false }]);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'freshpal',
    date: '2026-11-25',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    // weapp: nodes nested deeper than this render through Taro's recursive `comp` component; the
    // default 16 makes base.wxml about 16 KB larger for nesting these pages never reach.
    baseLevel: 10,
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [
      // weapp: Taro's built-in View template carries no aria-* attributes; Taro's official inject plugin
      // adds them, so Tappable's ariaRole/ariaLabel reach the screen reader (H5 renders them anyway).
      ['@tarojs/plugin-inject', { components: { View: { 'aria-role': '', 'aria-label': '' } } }],
    ],
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
      '@contracts': path.resolve(__dirname, '..', 'cloudfunctions', 'contracts'),
    },
    defineConstants: {
      FRESHPAL_CLOUD_ENV: JSON.stringify(process.env.FRESHPAL_CLOUD_ENV || CLOUD_ENV_PLACEHOLDER),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: SHARED_WITH_SERVER },
      webpackChain(chain) {
        keepLicensesInline(chain);
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      compile: { include: SHARED_WITH_SERVER },
      webpackChain(chain) {
        keepLicensesInline(chain);
      },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
