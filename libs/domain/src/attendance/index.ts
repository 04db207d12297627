export * from './attendance-report';
export * from './join-link';
