export * from './document';
export * from './iam';
export * from './references';
