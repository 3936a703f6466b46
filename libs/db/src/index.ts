export * from './data-source';
export * from './plumbing.migration';
export * from './idempotency';
