export * from './lru-cache';
export * from './shared-reads';
export * from './single-flight';
