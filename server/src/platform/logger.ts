import { pino, stdSerializers, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths that may hold secrets anywhere in a log object. Sensitive values also redact
 * themselves (core/sensitive.ts); this is the second belt for plain strings.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.id_token',
  '*.code_verifier',
  '*.key',
  '*.password',
];

interface LoggableRequest {
  method: string;
  url: string;
  ip?: string;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: {
        // Paths only: query strings carry OAuth codes and states (/oauth/callback?code=…), and
        // settings links and link start URLs carry a single-use token in the path.
        req: (req: LoggableRequest) => ({ method: req.method, path: req.url.split('?')[0]!.replace(/^\/(settings-link|oauth\/start)\/[^/]+/, '/$1/[redacted]'), ip: req.ip }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: stdSerializers.err,
      },
    },
    destination,
  );
}
