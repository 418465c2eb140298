export * from './estimate';
export * from './prices';
export * from './report';
