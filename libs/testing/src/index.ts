export * from './test-database';
export * from './unique';
