export * from './catalog';
export * from './coupon';
export * from './repurchase';
