export * from './clock';
export * from './duration';
export * from './errors';
export * from './hash';
export * from './ip';
export * from './timezone';
export * from './transient';
export * from './polling-loop';
