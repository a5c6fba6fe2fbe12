/**
 * Who the app is acting as, for keying data kept on the device. weapp storage is already per WeChat
 * user, so one identity; in H5 local mode the dev switch's demo identity (null before one is chosen).
 */
const dev: typeof import('../dev/identity') | null =
  process.env.TARO_ENV === 'h5' ? (require('../dev/identity') as typeof import('../dev/identity')) : null;

export function sessionIdentity(): string | null {
  return dev ? dev.getDevOpenid() : 'weapp';
}
