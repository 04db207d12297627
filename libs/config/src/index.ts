export * from './app-config';
export * from './config.module';
export { ConfigValidationError, validateEnvironment } from './environment';
export type { LogFormat, LogLevel } from './environment';
export * from './logger';
export * from './lifecycle';
export { MAX_PROXY_HOPS, parseTrustProxy } from './trust-proxy';
export type { TrustProxy } from './trust-proxy';
