export * from './infra/util';
export * from './infra/isolation';
export * from './infra/resolve';
export * from './infra/local-kafka';
