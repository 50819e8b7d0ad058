import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';

/** Deeper JSON than this is no request a client of ours sends, and would overflow validation's recursion. */
export const MAX_JSON_DEPTH = 32;

function depthExceeds(value: unknown, limit: number): boolean {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 1 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > limit) return true;
    for (const child of Object.values(v as object)) stack.push({ v: child, d: d + 1 });
  }
  return false;
}

/** Routes whose exact bytes are signed by the sender (a partner's answer): the text is kept as `req.rawBody`. */
export const RAW_BODY_ROUTES: ReadonlySet<string> = new Set(['/api/v1/partner-responses']);

/** Routes whose body is a snapshot streamed straight to the database, never parsed into memory here. */
export const STREAMING_ROUTES: ReadonlySet<string> = new Set(['/api/v1/arrears/imports', '/api/v1/arrears/snapshots']);

const tooLarge = (limit: number) =>
  Object.assign(new Error(`Request body is too large (at most ${limit} bytes)`), { statusCode: 413 });
const unsupported = (type: string) =>
  Object.assign(new Error(`Unsupported Media Type: ${type}`), { statusCode: 415 });

function routeOf(req: FastifyRequest): string | undefined {
  return req.routeOptions?.url;
}

/** Reads a body up to `limit` bytes into a string; more is a 413 (the rest of the stream is not read). */
function collect(payload: NodeJS.ReadableStream, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        payload.removeAllListeners('data');
        payload.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    payload.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw Object.assign(new Error('Body cannot be empty when content-type is application/json'), { statusCode: 400 });
  let parsed: unknown;
  try {
    // Refuses __proto__ and constructor.prototype keys (prototype poisoning), as Fastify's own parser does.
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 });
  }
  if (depthExceeds(parsed, MAX_JSON_DEPTH)) {
    throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 });
  }
  return parsed;
}

/**
 * The body parsers of the api: JSON (with a size and nesting limit) everywhere; on the two arrears snapshot
 * routes only, the body (JSON, CSV or a multipart upload) is handed to the route as a stream. Form posts are
 * not parsed, so no cross-site HTML form can submit to the api; other content types get 415.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, limit = 2 * 1024 * 1024): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (req, payload, done) => {
    if (STREAMING_ROUTES.has(routeOf(req) ?? '')) return done(null, payload);
    collect(payload, limit).then(
      (text) => {
        try {
          if (RAW_BODY_ROUTES.has(routeOf(req) ?? '')) (req as FastifyRequest & { rawBody?: string }).rawBody = text;
          done(null, parseJson(text));
        } catch (err) {
          done(err as Error, undefined);
        }
      },
      (err: Error) => done(err, undefined),
    );
  });
  fastify.addContentTypeParser(['text/csv', 'application/csv'], (req, payload, done) => {
    if (routeOf(req) === '/api/v1/arrears/imports') return done(null, payload);
    done(unsupported(String(req.headers['content-type'])), undefined);
  });
}

/** multipart/form-data (registered by @fastify/multipart) is accepted on the snapshot upload route only. */
export function rejectMultipartOutsideUploads(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (req) => {
    const type = String(req.headers['content-type'] ?? '');
    if (type.toLowerCase().startsWith('multipart/') && routeOf(req) !== '/api/v1/arrears/imports') throw unsupported(type);
  });
}
