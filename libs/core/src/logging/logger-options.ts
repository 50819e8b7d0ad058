import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { redactDeep, scrubString } from './redact.js';

/** Base pino options shared by api, worker and CLI: JSON lines, redaction of personal data everywhere. */
export function pinoOptions(level: string, name: string): LoggerOptions {
  return {
    level,
    name,
    messageKey: 'msg',
    formatters: {
      level: (label) => ({ level: label }),
      // req and res are left to the serializers below (which scrub them); everything else is redacted here.
      log: (obj) => {
        const { req, res, ...rest } = obj as Record<string, unknown>;
        return { ...(redactDeep(rest) as Record<string, unknown>), ...(req === undefined ? {} : { req }), ...(res === undefined ? {} : { res }) };
      },
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
}

/** Scrubs the URL as sent and as decoded (a CPR typed with a space arrives as `+` or `%20`). */
export function scrubUrl(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    /* malformed escapes: keep the raw form */
  }
  return decoded === url || scrubString(decoded) === decoded ? scrubString(url) : scrubString(decoded);
}

/** pino-http options for the api: request ids, no headers or bodies, URLs scrubbed of CPR numbers. */
export function pinoHttpOptions(level: string, stream?: DestinationStream): PinoHttpOptions {
  return {
    ...pinoOptions(level, 'forebyg-api'),
    stream,
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/health/ready' },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: scrubString(String(req.id)), method: req.method, url: scrubUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  } as PinoHttpOptions;
}
