export * from './errors';
export * from './agreements/agreement-coverage';
export * from './events/event-access';
export * from './secrets';
export * from './registrations';
