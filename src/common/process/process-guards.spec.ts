import { EventEmitter } from 'node:events';
import { installProcessGuards, isConnectionFault } from './process-guards';

function setup() {
  const proc = Object.assign(new EventEmitter(), { exit: jest.fn() });
  const logger = { error: jest.fn(), fatal: jest.fn() };
  installProcessGuards(proc, logger);
  return { proc, logger };
}

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('process guards', () => {
  it.each([
    withCode('ECONNRESET'),
    withCode('EPIPE'),
    withCode('WS_ERR_INVALID_UTF8'),
    withCode('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'),
    withCode('HPE_INVALID_METHOD'),
    withCode('ERR_INVALID_URL'),
    new URIError('URI malformed'),
  ])('keeps serving after a fault of one client connection (%s)', (err) => {
    const { proc, logger } = setup();
    proc.emit('uncaughtException', err, 'uncaughtException');
    expect(proc.exit).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][0]).toMatchObject({ kind: 'uncaughtException' });
  });

  it.each([new TypeError('cannot read x of undefined'), new Error('boom'), 'a string', null])(
    'logs and exits on any other uncaught exception (%s)',
    (err) => {
      const { proc, logger } = setup();
      proc.emit('uncaughtException', err, 'uncaughtException');
      expect(logger.fatal).toHaveBeenCalledTimes(1);
      expect(proc.exit).toHaveBeenCalledWith(1);
    },
  );

  it('logs an unhandled rejection and keeps serving', () => {
    const { proc, logger } = setup();
    proc.emit('unhandledRejection', new Error('nobody awaited me'));
    expect(logger.error.mock.calls[0][1]).toBe('unhandled promise rejection');
    expect(proc.exit).not.toHaveBeenCalled();
  });

  it('does not treat an error with an unrelated code as a connection fault', () => {
    expect(isConnectionFault(withCode('ERR_ASSERTION'))).toBe(false);
    expect(isConnectionFault(withCode('ENOMEM'))).toBe(false);
    expect(isConnectionFault({ code: 7 })).toBe(false);
  });
});
