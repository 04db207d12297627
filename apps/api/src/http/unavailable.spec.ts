import { QueryFailedError } from 'typeorm';
import { isDependencyUnavailable } from './unavailable';

const withCode = (code: string, message = 'failure') => Object.assign(new Error(message), { code });
const query = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDependencyUnavailable', () => {
  describe('says yes to connection-class failures', () => {
    it.each([
      '08000', // connection_exception
      '08003', // connection_does_not_exist
      '08006', // connection_failure
      '08001', // sqlclient_unable_to_establish_sqlconnection
      '08004', // sqlserver_rejected_establishment_of_sqlconnection
      '08007', // transaction_resolution_unknown
      '08P01', // protocol_violation
      '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
      '57P02', // crash_shutdown
      '57P03', // cannot_connect_now (starting up, in recovery)
      '53300', // too_many_connections
    ])('SQLSTATE %s, raw and wrapped by TypeORM', (code) => {
      expect(isDependencyUnavailable(withCode(code))).toBe(true);
      expect(isDependencyUnavailable(query(withCode(code)))).toBe(true);
    });

    it.each([
      'ECONNREFUSED',
      'ECONNRESET',
      'ECONNABORTED',
      'ETIMEDOUT',
      'EPIPE',
      'EHOSTUNREACH',
      'EHOSTDOWN',
      'ENETUNREACH',
      'ENETDOWN',
      'ENOTFOUND',
      'EAI_AGAIN',
    ])('socket error %s, raw, as a cause, and inside an AggregateError', (code) => {
      expect(isDependencyUnavailable(withCode(code))).toBe(true);
      expect(isDependencyUnavailable(new Error('wrapped', { cause: withCode(code) }))).toBe(true);
      expect(
        isDependencyUnavailable(new AggregateError([withCode(code), withCode('ECONNREFUSED')], 'all addresses')),
      ).toBe(true);
    });

    it.each([
      'Connection terminated unexpectedly',
      'Connection terminated',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
      'Client was closed and is not queryable',
    ])('pg message %p, raw and wrapped by TypeORM', (message) => {
      expect(isDependencyUnavailable(new Error(message))).toBe(true);
      expect(isDependencyUnavailable(query(new Error(message)))).toBe(true);
    });
  });

  describe('says no to everything else', () => {
    it.each([
      '23505', // unique_violation
      '23503',
      '22P02',
      '40001', // serialization_failure: retried by the code, not an outage
      '40P01',
      '57014', // query_canceled (statement timeout)
      '53100', // disk_full
      '42P01', // undefined_table: a bug or a missing migration
      '28P01', // invalid_password: a configuration error, not going away by retrying
    ])('SQLSTATE %s', (code) => {
      expect(isDependencyUnavailable(withCode(code))).toBe(false);
      expect(isDependencyUnavailable(query(withCode(code)))).toBe(false);
    });

    it.each([
      ['a plain error', new Error('Cannot read properties of undefined')],
      ['a message that only mentions a connection', new Error('connection to 10.0.0.5 refused at /srv/x.js')],
      ['an unrelated code', withCode('ERR_INVALID_ARG_TYPE')],
      ['an AggregateError of unrelated errors', new AggregateError([new Error('a'), withCode('EACCES')])],
      ['null', null],
      ['undefined', undefined],
      ['a string', 'ECONNREFUSED'],
      ['a number', 503],
    ])('%s', (_, error) => {
      expect(isDependencyUnavailable(error)).toBe(false);
    });

    it('stops on a cycle of causes', () => {
      const a: Error & { cause?: unknown } = new Error('a');
      const b = new Error('b', { cause: a });
      a.cause = b;
      expect(isDependencyUnavailable(a)).toBe(false);
    });
  });
});
