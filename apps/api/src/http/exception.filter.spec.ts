import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '@cohost/domain';
import { BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { toBody } from './exception.filter';
import { ValidationFailedException } from './validation';

const pgFailure = (code: string, detail = 'Key (slug)=(x) already exists.') =>
  new QueryFailedError(
    'INSERT INTO partners ...',
    [],
    Object.assign(new Error('duplicate key value'), { code, detail }),
  );

describe('toBody (what HttpExceptionFilter sends)', () => {
  const filter = { toBody };
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it.each([
    [new InvalidInputError('BAD_DATES', 'm'), 400, 'Bad Request'],
    [new ForbiddenError('NOPE', 'm'), 403, 'Forbidden'],
    [new NotFoundError('EVENT_NOT_FOUND', 'm'), 404, 'Not Found'],
    [new ConflictError('DUP', 'm'), 409, 'Conflict'],
    [new RuleViolationError('AGREEMENT_NOT_ACTIVE', 'm'), 422, 'Unprocessable Entity'],
  ])('maps %p by its kind', (error, status, reason) => {
    expect(filter.toBody(error).payload).toEqual({ statusCode: status, error: reason, message: 'm', code: error.code });
  });

  it('lists field messages of a validation failure', () => {
    const { payload } = filter.toBody(
      new ValidationFailedException({ slug: ['slug is bad'], 'name.en': ['name.en is empty'] }),
    );
    expect(payload).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['slug is bad', 'name.en is empty'],
      code: 'VALIDATION_FAILED',
      fields: { slug: ['slug is bad'], 'name.en': ['name.en is empty'] },
    });
  });

  it('keeps the message and code of Nest HTTP exceptions', () => {
    expect(filter.toBody(new BadRequestException({ message: 'bad', code: 'X_BAD' })).payload).toMatchObject({
      statusCode: 400,
      message: 'bad',
      code: 'X_BAD',
    });
    expect(filter.toBody(new NotFoundException()).payload).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('adds Retry-After to a 429', () => {
    const tooMany = Object.assign(new HttpException('ThrottlerException: Too Many Requests', 429), {
      retryAfterSeconds: 42,
    });
    const { payload, headers } = filter.toBody(tooMany);
    expect(payload).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED' });
    expect(headers['Retry-After']).toBe('42');
  });

  it.each([
    ['23505', 409, 'DUPLICATE'],
    ['23503', 422, 'REFERENCE_INVALID'],
    ['23514', 422, 'CONSTRAINT_VIOLATED'],
    ['22P02', 400, 'BAD_REQUEST'],
  ])('maps SQLSTATE %s to %i without leaking SQL', (code, status, errorCode) => {
    const { payload } = filter.toBody(pgFailure(code));
    expect(payload).toMatchObject({ statusCode: status, code: errorCode });
    expect(JSON.stringify(payload)).not.toMatch(/INSERT|Key \(slug\)|duplicate key/);
  });

  it('answers anything unexpected with a 500 and an error id, no internals', () => {
    const { payload } = filter.toBody(new Error('connection to 10.0.0.5 refused at /srv/app/x.js:12'));
    expect(payload.statusCode).toBe(500);
    expect(payload.code).toBe('INTERNAL_ERROR');
    expect(payload.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.message).toContain(payload.errorId);
    expect(JSON.stringify(payload)).not.toMatch(/10\.0\.0\.5|x\.js|refused/);
  });

  it('treats a 5xx HttpException as internal too', () => {
    expect(filter.toBody(new HttpException('db password wrong', 500)).payload).toMatchObject({ statusCode: 500 });
  });

  it.each([
    ['an SQLSTATE of class 08', pgFailure('08006', '')],
    ['a terminated backend', pgFailure('57P01', '')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['a dead connection', new Error('Connection terminated unexpectedly')],
  ])('answers 503 SERVICE_UNAVAILABLE with Retry-After for %s, no internals', (_, error) => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { payload, headers } = filter.toBody(error);
    expect(payload).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.any(String),
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    expect(JSON.stringify(payload)).not.toMatch(/10\.0\.0\.5|ECONNREFUSED|terminated|INSERT/);
  });

  it('keeps 503 and the health details of which dependency is down', () => {
    const health = { status: 'error', error: { redis: { status: 'down' } } };
    expect(filter.toBody(new HttpException(health, 503)).headers['Retry-After']).toBe('5');
    expect(filter.toBody(new HttpException(health, 503)).payload).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      status: 'error',
      error: { redis: { status: 'down' } },
    });
  });
});
