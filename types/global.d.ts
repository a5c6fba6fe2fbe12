/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';

/** Compile-time constant (config/index.ts defineConstants): the WeChat cloud environment id. */
declare const FRESHPAL_CLOUD_ENV: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    /** The platform being built; replaced at build time, so `process.env.TARO_ENV === 'h5'` branches vanish from weapp. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    TARO_APP_ID: string;
    /** Build-time only: the cloud environment id baked into the weapp build. */
    FRESHPAL_CLOUD_ENV?: string;
  }
}
