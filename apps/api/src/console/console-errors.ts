import type { FastifyRequest } from 'fastify';
import { CONSOLE_PATHS } from './console-paths';
import type { ConsoleActor } from './session/console-actor';
import type { SessionRecord } from './session/sessions.service';

/** Not signed in (or no role chosen yet): the console's filter answers 303 to `location`. */
export class ConsoleSignInRequired extends Error {
  constructor(readonly location: string = CONSOLE_PATHS.signIn) {
    super('Sign in to use the console');
  }
}

export interface ConsoleRequest extends FastifyRequest {
  consoleActor?: ConsoleActor;
  consoleSession?: SessionRecord;
}
