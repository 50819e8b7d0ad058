import fc from 'fast-check';
import type { Response, Test } from 'supertest';
import { expectNoStackTrace, requestLine } from './http-expect.js';

/**
 * What the "garbage in, never a 500 out" tests (validation-, cases- and referrals-fuzz.e2e-spec.ts) share: the sane
 * answer they expect of any input, the arbitraries of nonsense and of values of the wrong type, and the sending of
 * bodies and query strings as they are.
 */

/** An input for a failure message, cut short. */
const shown = (input: unknown) => JSON.stringify(input)?.slice(0, 300);

/** The invariant for any answer: below 500, the error body when an error, never internals. */
export function expectSane(res: Response, input: unknown): void {
  const where = `${requestLine(res)} with ${shown(input)} -> ${res.status} ${res.text.slice(0, 300)}`;
  if (res.status >= 500) throw new Error(`5xx: ${where}`);
  expectNoStackTrace(res.text);
  if (res.status >= 400) {
    if (!/^application\/json/.test(String(res.headers['content-type']))) throw new Error(`error is not JSON: ${where}`);
    const b = res.body;
    if (b.statusCode !== res.status || typeof b.code !== 'string' || typeof b.message !== 'string' || typeof b.requestId !== 'string') {
      throw new Error(`malformed error body: ${where}`);
    }
    if (
      b.code === 'validation_failed' &&
      !(Array.isArray(b.errors) && b.errors.every((e: { field?: unknown }) => typeof e.field === 'string'))
    ) {
      throw new Error(`422 without per-field errors: ${where}`);
    }
  }
}

export function expectStatusIn(res: Response, statuses: number[], input: unknown): void {
  if (!statuses.includes(res.status)) {
    throw new Error(
      `expected one of ${statuses.join('/')}: ${requestLine(res)} with ${shown(input)} -> ${res.status} ${res.text.slice(0, 300)}`,
    );
  }
}

/** The fields an error answer names. */
export const fieldsOfError = (res: Response): string[] => (res.body.errors ?? []).map((e: { field: string }) => e.field);

/** Fails unless the answer is a 422 (`what`: the input, for the message); the fields it names. */
export function expect422(res: Response, what: string): string[] {
  if (res.status !== 422) throw new Error(`expected 422 for ${what}, got ${res.status} ${res.text.slice(0, 300)}`);
  return fieldsOfError(res);
}

/** Every generated input gets a sane answer. */
export async function expectSaneForAll<T>(inputs: fc.Arbitrary<T>, answer: (input: T) => Test, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      expectSane(await answer(input), input);
    }),
    { numRuns },
  );
}

// ---- Bodies

/** Sends `body` as it is, under any content type. */
export const sendRaw = (req: Test, type: string, body: string): Test => req.set('Content-Type', type).send(body);

/** Sends any value as a JSON body (undefined as `null`: supertest would send no body at all). */
export const sendJson = (req: Test, body: unknown): Test => sendRaw(req, 'application/json', JSON.stringify(body) ?? 'null');

/** Strings of 10 kB to 1 MB. */
export const huge = fc.constantFrom('x'.repeat(10_000), 'æøå'.repeat(50_000), '0'.repeat(1_000_000));
export const anyScalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
export const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }) },
);

/** An object using a route's own field names (with values of any kind from `value`) plus unknown ones. */
export const fieldsOf = (names: string[], value: fc.Arbitrary<unknown>) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })), value, { maxKeys: 6 });

/** A field of `fields` with a value of a type it never accepts. */
export const fieldWithWrongValue = <K extends string>(fields: Record<string, K>, wrongFor: (kind: K) => fc.Arbitrary<unknown>) =>
  fc.constantFrom(...Object.entries(fields)).chain(([field, kind]) => fc.tuple(fc.constant(field), wrongFor(kind)));

// ---- Values of the wrong type (null is left out: optional fields treat it as absent)

export const anyNumber = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
export const smallObject = fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 });
export const shortStrings = fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 });
/** Values that are no string. */
export const NOT_STRING: fc.Arbitrary<unknown>[] = [anyNumber, fc.boolean(), shortStrings, smallObject];
/** Values that are no list. */
export const NOT_ARRAY: fc.Arbitrary<unknown>[] = [anyNumber, fc.string(), fc.boolean(), smallObject];

/** Lists whose elements no list field takes (numbers, null, short strings that are no id or enum value). */
export const BAD_LIST_ITEMS = fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null)), {
  minLength: 1,
  maxLength: 4,
});

export interface WrongScalars {
  /** Every value any enum field of the routes accepts: a "wrong enum" string is none of them. */
  enumValues: ReadonlySet<string>;
  /** How long the generated wrong enum strings are at most. */
  enumMaxLength: number;
  /** A string longer than any string field takes. */
  longString: number;
}

/** Values a string, enum or boolean field never accepts. */
export function wrongScalar(kind: 'string' | 'enum' | 'boolean', spec: WrongScalars): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string':
      return fc.oneof(...NOT_STRING, fc.constant('y'.repeat(spec.longString)));
    case 'enum':
      return fc.oneof(
        ...NOT_STRING,
        fc.string({ maxLength: spec.enumMaxLength }).filter((s) => !spec.enumValues.has(s)),
      );
    case 'boolean':
      return fc.oneof(
        anyNumber,
        fc.string(),
        fc.constantFrom('true', 'false', 1, 0),
        fc.array(fc.boolean(), { maxLength: 2 }),
        smallObject,
      );
  }
}

// ---- Query strings

/** Percent-encoded; a lone surrogate (which has no UTF-8 form to encode) becomes U+FFFD, as a browser would send it. */
export const enc = (s: string) =>
  encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

export function queryString(params: [string, string | string[]][]): string {
  return params.flatMap(([k, v]) => [v].flat().map((x) => `${enc(k)}=${enc(x)}`)).join('&');
}

/** Up to five parameters, declared (`names`) or not, with values of any kind (and those of `values`). */
export const anyQueryParams = (names: string[], ...values: fc.Arbitrary<string>[]) =>
  fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 10 })),
      fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.integer().map(String), ...values),
    ),
    { maxLength: 5 },
  );

/** A parameter given more than once. */
export const repeatedParam = fc.array(fc.constantFrom('1', '2', 'a'), { minLength: 2, maxLength: 3 });
/** Values the paging parameters, a free-text search and a true/false flag refuse. */
export const BAD_PAGE = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', 'abc', '', '1e400', 'NaN'),
  fc.integer({ min: 100_001 }).map(String),
  repeatedParam,
);
export const BAD_PAGE_SIZE = fc.oneof(
  fc.constantFrom('0', '-5', '2.5', 'all', '', '201'),
  fc.integer({ min: 201, max: 1e9 }).map(String),
  repeatedParam,
);
export const BAD_TEXT = fc.oneof(fc.string({ minLength: 101, maxLength: 300 }), repeatedParam);
export const BAD_FLAG = fc.oneof(
  fc.string({ maxLength: 6 }).filter((s) => s !== 'true' && s !== 'false'),
  fc.constantFrom('1', 'TRUE', 'yes'),
  repeatedParam,
);

/** Each declared parameter (of `params`) with a value it must refuse (of `bad`) is a 422 naming it. */
export async function expectBadParamsRefused<K extends string>(
  params: Record<string, K>,
  bad: (kind: K) => fc.Arbitrary<string | string[]>,
  get: (qs: string) => Test,
  numRuns: number,
): Promise<void> {
  const named = fc.constantFrom(...Object.entries(params)).chain(([name, kind]) => fc.tuple(fc.constant(name), bad(kind)));
  await fc.assert(
    fc.asyncProperty(named, async ([name, value]) => {
      const res = await get(queryString([[name, value]]));
      expectSane(res, { [name]: value });
      expect(expect422(res, `${name}=${JSON.stringify(value)}`)).toContain(name);
    }),
    { numRuns },
  );
}
