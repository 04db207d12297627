export * from './errors';
export * from './agreements/agreement-coverage';
