export * from './product';
export * from './availability';
