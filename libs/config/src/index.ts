export * from './config.types';
export * from './config.error';
export * from './load-config';
export * from './surface';
export * from './workspaces';
export * from './services';
export * from './egress';
