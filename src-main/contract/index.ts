export * from './errors';
export * from './locales';
export * from './messages';
export * from './notes';
export * from './procedures';
export * from './schemas';
export * from './transport';
