export * from './data-source';
export * from './database.module';
export * from './entities';
export * from './pg-errors';
export * from './prepare-database';
export * from './schema-drift';
export * from './outbox/outbox';
export * from './secrets/mint';
