export * from './email-address';
export * from './text-input';
export * from './time-zone';
