export * from './account';
export * from './app-env';
export * from './errors';
export * from './load';
export * from './merge';
export * from './stage-schema';
export * from './stages';
export * from './targets';
