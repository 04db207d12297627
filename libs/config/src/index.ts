export * from './app-config';
export * from './config.module';
export { ConfigValidationError, validateEnvironment } from './environment';
export type { LogFormat, LogLevel } from './environment';
export * from './logger';
export * from './lifecycle';
