export * from './metrics';
export * from './trace';
export * from './redact';
export * from './logger';
export * from './tracing';
