export * from './lifecycle';
export * from './pricing';
export * from './reorder';
export * from './stateMachine';
export * from './weights';
