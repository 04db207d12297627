export * from './lru-cache';
export * from './shared-reads';
export * from './single-flight';
export * from './in-flight';
export * from './public-address';
