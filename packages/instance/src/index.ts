export * from './cloudwatch-agent';
export * from './constants';
export * from './env-file';
export * from './nginx';
export * from './nginx-binary';
export * from './pm2';
export * from './terraform-template';
export * from './user-data';
