export * from './consent';
export * from './content';
export * from './decide-send';
export * from './frequency-cap';
export * from './frequency-policy';
export * from './kr-ad-law';
export * from './quiet-hours';
export * from './template';
