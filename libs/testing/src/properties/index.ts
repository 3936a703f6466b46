export * from './hostile-values';
