export * from './errors';
export * from './procedures';
export * from './schemas';
export * from './transport';
