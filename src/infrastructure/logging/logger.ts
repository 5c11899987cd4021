import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs, one object per line, on stdout. Anything that looks like a secret is
 * redacted by path, so a careless log call cannot leak one.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'chorizaurio' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'secretKey',
          '*.secretKey',
          'secret_key',
          'authorization',
          '*.authorization',
          'token',
          '*.token',
          'adminPassword',
          '*.adminPassword',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(1),
  );
}
