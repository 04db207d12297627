import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

/**
 * Answers a refused request of the operations routes (plain Fastify routes,
 * outside Nest's exception filter) with the API's error body; returns the
 * reply, as Fastify's async hooks want after answering.
 */
export async function refuse(reply: FastifyReply, statusCode: number, code: string, message: string) {
  await reply
    .code(statusCode)
    .type('application/json; charset=utf-8')
    .send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code });
  return reply;
}
