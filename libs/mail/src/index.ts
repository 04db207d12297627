export * from './mail-context';
