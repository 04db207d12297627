export * from './csv';
export * from './registrant';
export * from './registration-window';
export * from './registration-batch';
export * from './invitation-redemption';
export * from './questions';
export * from './registrant-search';
