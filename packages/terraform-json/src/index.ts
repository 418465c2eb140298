export * from './document';
export * from './iam';
export * from './references';
export * from './stages';
