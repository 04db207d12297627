export * from './test-database';
export * from './unique';
export * from './pinned-version';
