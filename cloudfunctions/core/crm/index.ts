export * from './care';
export * from './config';
export * from './contact';
export * from './days';
export * from './rfm';
export * from './rhythm';
