export * from './errors';
export * from './messages';
export * from './procedures';
export * from './schemas';
export * from './transport';
