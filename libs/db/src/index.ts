export * from './data-source';
export * from './plumbing.migration';
export * from './idempotency';
export * from './failed-work';
export * from './isolated-pass';
export * from './erasures';
export * from './identity-chains';
export * from './prepared-statements';
