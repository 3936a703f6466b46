export * from './random';
export * from './users';
export * from './events';
