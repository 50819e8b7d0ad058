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

/**
 * Scrubs the URL as sent and as decoded (a CPR typed with a space arrives as `+` or `%20`); the values of
 * credential-like query parameters (a partner's signed link `?token=`) are replaced whole.
 */
export function scrubUrl(rawUrl: string): string {
  const url = rawUrl.replace(/([?&](?:token|key|secret|signature)=)[^&#]*/gi, '$1[redacted]');
  let decoded = url;
  try {
    decoded = decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    /* malformed escapes: keep the raw form */
  }
  return decoded === url || scrubString(decoded) === decoded ? scrubString(url) : scrubString(decoded);
}

/**
 * A request id for a request that brought none (or an unusable one): a random UUID that the log scrubber leaves as
 * it is. About one UUID in ninety holds a CPR-shaped run of digits, which the scrubber rewrites in every log line;
 * such an id would no longer match the one returned to the client.
 */
export function newRequestId(): string {
  for (;;) {
    const id = randomUUID();
    if (scrubString(id) === id) return id;
  }
}

/** The client's `X-Request-Id` when it is a plain token of at most 64 characters, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : newRequestId();
}

/** pino-http options for the api: request ids, no headers or bodies, URLs scrubbed of CPR numbers. */
export function pinoHttpOptions(level: string, stream?: DestinationStream): PinoHttpOptions {
  return {
    ...pinoOptions(level, 'forebyg-api'),
    stream,
    genReqId: requestIdOf,
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // The middleware layer may rewrite req.url; originalUrl is the path as requested.
    autoLogging: {
      ignore: (req: IncomingMessage) => {
        const path = ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];
        return path === '/health' || path === '/health/ready';
      },
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: scrubString(String(req.id)), method: req.method, url: scrubUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  } as PinoHttpOptions;
}
