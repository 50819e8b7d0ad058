import type { FastifyInstance } from 'fastify';
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

/**
 * The only body parser of the api: JSON (with a nesting limit), nothing else. Form posts are not parsed,
 * so no cross-site HTML form can submit to the api; other content types get 415.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(Object.assign(new Error('Body cannot be empty when content-type is application/json'), { statusCode: 400 }), undefined);
    let parsed: unknown;
    try {
      // Refuses __proto__ and constructor.prototype keys (prototype poisoning), as Fastify's own parser does.
      parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      return done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined);
    }
    if (depthExceeds(parsed, MAX_JSON_DEPTH)) {
      return done(Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }), undefined);
    }
    done(null, parsed);
  });
}
