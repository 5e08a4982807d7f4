import { DatabaseError } from 'pg';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isDatabaseOutage } from './database-outage.js';

function serverError(code: string, severity: string): DatabaseError {
  const error = new DatabaseError('server says no', 0, 'error');
  error.code = code;
  error.severity = severity;
  return error;
}

function socketError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
}

describe(isDatabaseOutage.name, () => {
  it('recognises a server shutting down, refusing or dropping the session, wrapped or not', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300']) {
      expect(isDatabaseOutage(serverError(code, 'ERROR'))).toBe(true);
      expect(
        isDatabaseOutage(new QueryFailedError('SELECT 1', [], serverError(code, 'ERROR'))),
      ).toBe(true);
    }
    // "database … is not currently accepting connections" is 55000, but FATAL: the session is gone.
    expect(isDatabaseOutage(serverError('55000', 'FATAL'))).toBe(true);
  });

  it('recognises sockets refused or cut and a pool that cannot hand out a connection', () => {
    expect(isDatabaseOutage(socketError('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseOutage(new Error('wrapped', { cause: socketError('ECONNRESET') }))).toBe(true);
  });

  it('recognises a transaction whose connection TypeORM released when PostgreSQL dropped it', () => {
    // Seen in the PostgreSQL drill: the next query of the transaction, not the socket, reported it.
    expect(isDatabaseOutage(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    expect(isDatabaseOutage(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('leaves errors of the query or the code alone', () => {
    expect(isDatabaseOutage(serverError('23505', 'ERROR'))).toBe(false);
    expect(isDatabaseOutage(serverError('22P02', 'ERROR'))).toBe(false);
    expect(
      isDatabaseOutage(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBe(false);
    expect(isDatabaseOutage(undefined)).toBe(false);
  });
});
