export * from './catalog';
export * from './engine';
export * from './report';
export * from './types';
