export * from './errors';
export * from './labels';
export * from './messages';
export * from './notes';
export * from './procedures';
export * from './schemas';
export * from './transport';
export * from './fields';
