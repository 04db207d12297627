import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';

/** Types an attendance report arrives as (Teams' tab-separated files are often sent as either). */
const CSV_TYPES = ['text/csv', 'text/tab-separated-values'];

/**
 * CSV bodies (attendance reports) reach their controller as bytes: they may
 * be UTF-16 (Microsoft Teams writes UTF-16LE with a BOM), which only the
 * report parser decodes. Same size limit as JSON bodies.
 */
export function useCsvBodyParser(app: NestFastifyApplication): void {
  const { bodyLimit } = app.getHttpAdapter().getInstance().initialConfig;
  for (const type of CSV_TYPES) {
    app.useBodyParser<Server>(type, { bodyLimit }, (_request, body, done) => done(null, body));
  }
}
