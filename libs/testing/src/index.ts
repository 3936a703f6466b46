export * from './infra/util';
export * from './infra/isolation';
export * from './infra/resolve';
export * from './infra/local-kafka';
export * from './infra/certs';
export * from './infra/service-process';
export * from './services/service-boot';
export * from './services/migration-round-trip';
