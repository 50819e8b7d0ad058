import fc from 'fast-check';
import { Factory, TestWorld } from '../support/factories.js';
import {
  anyJson,
  anyQueryParams,
  anyScalar,
  BAD_LIST_ITEMS,
  BAD_PAGE,
  BAD_PAGE_SIZE,
  BAD_TEXT,
  expect422,
  expectBadParamsRefused,
  expectSane,
  expectSaneForAll,
  fieldsOf,
  fieldWithWrongValue,
  huge,
  NOT_ARRAY,
  queryString,
  repeatedParam,
  sendJson,
  sendRaw,
  wrongScalar,
} from '../support/fuzz.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * Garbage in, never a 500 out: every route that takes a body or a query DTO gets generated nonsense as an
 * authenticated admin. Whatever happens, the answer is below 500, is the one JSON error body when it is an
 * error, and carries no stack trace; input of the wrong type for a known field is a 422 naming that field.
 */
type FieldKind = 'string' | 'enum' | 'boolean' | 'array';

interface BodyRoute {
  method: 'post' | 'patch';
  path: (ids: Ids) => string;
  fields: Record<string, FieldKind>;
}
interface Ids {
  user: string;
  person: string;
}

const BODY_ROUTES: Record<string, BodyRoute> = {
  'POST /api/v1/auth/login': { method: 'post', path: () => '/api/v1/auth/login', fields: { email: 'string', password: 'string' } },
  'PATCH /api/v1/auth/me': { method: 'patch', path: () => '/api/v1/auth/me', fields: { language: 'enum' } },
  'POST /api/v1/users': {
    method: 'post',
    path: () => '/api/v1/users',
    fields: { email: 'string', name: 'string', role: 'enum', departmentIds: 'array', password: 'string', language: 'enum' },
  },
  'PATCH /api/v1/users/:id': {
    method: 'patch',
    path: (ids) => `/api/v1/users/${ids.user}`,
    fields: { name: 'string', role: 'enum', departmentIds: 'array', disabled: 'boolean', language: 'enum' },
  },
  'POST /api/v1/users/:id/password': {
    method: 'post',
    path: (ids) => `/api/v1/users/${ids.user}/password`,
    fields: { password: 'string' },
  },
  'POST /api/v1/api-keys': {
    method: 'post',
    path: () => '/api/v1/api-keys',
    fields: { name: 'string', departmentIds: 'array', scopes: 'array' },
  },
  'POST /api/v1/persons/search': { method: 'post', path: () => '/api/v1/persons/search', fields: { cpr: 'string' } },
  'POST /api/v1/persons/:id/reveal-cpr': {
    method: 'post',
    path: (ids) => `/api/v1/persons/${ids.person}/reveal-cpr`,
    fields: { purpose: 'string' },
  },
};

type QueryKind = 'page' | 'pageSize' | 'sort' | 'text' | 'uuid' | 'outcome' | 'date' | 'action' | 'municipality';
const PAGE_QUERY: Record<string, QueryKind> = { page: 'page', pageSize: 'pageSize', sort: 'sort' };
const AUDIT_QUERY: Record<string, QueryKind> = {
  ...PAGE_QUERY,
  action: 'action',
  actorId: 'uuid',
  personId: 'uuid',
  outcome: 'outcome',
  from: 'date',
  to: 'date',
};
const QUERY_ROUTES: Record<string, { path: (ids: Ids) => string; params: Record<string, QueryKind> }> = {
  'GET /api/v1/users': { path: () => '/api/v1/users', params: { ...PAGE_QUERY, q: 'text' } },
  'GET /api/v1/departments': { path: () => '/api/v1/departments', params: { ...PAGE_QUERY, q: 'text', municipalityCode: 'municipality' } },
  'GET /api/v1/tenancies': { path: () => '/api/v1/tenancies', params: { ...PAGE_QUERY, q: 'text', departmentId: 'uuid' } },
  'GET /api/v1/api-keys': { path: () => '/api/v1/api-keys', params: PAGE_QUERY },
  'GET /api/v1/audit': { path: () => '/api/v1/audit', params: AUDIT_QUERY },
  'GET /api/v1/persons/:personId/access-history': { path: (ids) => `/api/v1/persons/${ids.person}/access-history`, params: AUDIT_QUERY },
};

const RUNS = { garbage: 30, typed: 25, raw: 15, query: 30 };

let api: TestApi;
let world: TestWorld;
let admin: string;
let ids: Ids;

beforeAll(async () => {
  api = await startTestApi();
  const f = new Factory(api.ds);
  world = await f.world();
  const tenancy = await f.tenancy(world.organisationId, world.deptA);
  ids = {
    user: (await f.user(world.organisationId, 'caseworker', [world.deptA])).id,
    person: await f.person(world.organisationId, tenancy, { cpr: '010190-1234' }),
  };
  admin = await api.login(world.users.admin.email);
});
afterAll(() => api?.close());

/** A value of any kind for a field. */
const fieldValue = fc.oneof(anyScalar, fc.jsonValue({ maxDepth: 2 }), huge);

/** The values the enum fields (language, role) accept. */
const ENUM_VALUES = new Set(['da', 'en', 'admin', 'counsellor', 'caseworker', 'property_manager']);

/** Values of a type the field never accepts (null is left out: optional fields treat it as absent). */
function wrongFor(kind: FieldKind): fc.Arbitrary<unknown> {
  if (kind !== 'array') return wrongScalar(kind, { enumValues: ENUM_VALUES, enumMaxLength: 8, longString: 5000 });
  return fc.oneof(...NOT_ARRAY, BAD_LIST_ITEMS);
}

describe.each(Object.entries(BODY_ROUTES))('%s', (_key, route) => {
  const request = (forwardedFor: string) =>
    api.http()[route.method](route.path(ids)).set('Cookie', admin).set('X-Forwarded-For', forwardedFor);
  const send = (body: unknown) => sendJson(request('203.0.113.200'), body);

  it('any JSON body gets a sane answer', async () => {
    await expectSaneForAll(fc.oneof(anyJson, fieldsOf(Object.keys(route.fields), fieldValue)), send, RUNS.garbage);
  });

  it('a known field of the wrong type is a 422 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fieldWithWrongValue(route.fields, wrongFor), fc.boolean(), async ([field, value], withUnknown) => {
        const body = { [field]: value, ...(withUnknown ? { zzUnknownField: 1 } : {}) };
        const res = await send(body);
        expectSane(res, body);
        const fields = expect422(res, JSON.stringify(body).slice(0, 300));
        expect(fields).toContain(field);
        if (withUnknown) expect(fields).toContain('zzUnknownField');
      }),
      { numRuns: RUNS.typed },
    );
  });

  it('raw text under any content type gets a sane answer', async () => {
    const contentTypes = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/octet-stream',
      'image/png',
    );
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(
        '{',
        '{"a":',
        '[1,2',
        'null',
        '"x"',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{}}}',
        'email=a&password=b',
        '\u0000',
      ),
    );
    await expectSaneForAll(
      fc.record({ type: contentTypes, body: text }),
      ({ type, body }) => sendRaw(request('203.0.113.201'), type, body),
      RUNS.raw,
    );
  });
});

/** Query values that each declared parameter must refuse. */
function badQueryValue(kind: QueryKind): fc.Arbitrary<string | string[]> {
  switch (kind) {
    case 'page':
      return BAD_PAGE;
    case 'pageSize':
      return BAD_PAGE_SIZE;
    case 'sort':
      return fc.oneof(fc.constantFrom('', '-', 'name;drop table', 'name,,email', '--name', 'noSuchField', 'a'.repeat(201)), repeatedParam);
    case 'text':
      return BAD_TEXT;
    case 'uuid':
      return fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("' OR 1=1 --", '00000000-0000-0000-0000-00000000000g'), repeatedParam);
    case 'outcome':
      return fc.oneof(
        fc.string({ maxLength: 10 }).filter((s) => !['success', 'denied', 'failure'].includes(s)),
        repeatedParam,
      );
    case 'date':
      return fc.oneof(
        fc.constantFrom('', '2026-02-30', '2026-13-01', '26-01-01', '2026-01-01T00:00:00Z', 'today', '2026-1-1'),
        repeatedParam,
      );
    case 'action':
      return fc.oneof(fc.constantFrom('', 'Person.Read', 'person-read', "x'; --", 'a'.repeat(65)), repeatedParam);
    case 'municipality':
      return fc.oneof(fc.constantFrom('', '1', '1011', 'abc', '10a'), repeatedParam);
  }
}

describe.each(Object.entries(QUERY_ROUTES))('%s', (_key, route) => {
  const get = (qs: string) =>
    api
      .http()
      .get(`${route.path(ids)}?${qs}`)
      .set('Cookie', admin);

  it('any query string gets a sane answer', async () => {
    await fc.assert(
      fc.asyncProperty(anyQueryParams(Object.keys(route.params)), async (params) => {
        const res = await get(queryString(params));
        expectSane(res, params);
        if (res.status === 200)
          expect(res.body).toMatchObject({ items: expect.any(Array), page: expect.any(Number), total: expect.any(Number) });
      }),
      { numRuns: RUNS.query },
    );
  });

  it('a bad value for a declared parameter is a 422 naming it', async () => {
    await expectBadParamsRefused(route.params, badQueryValue, get, RUNS.typed);
  });

  it('an unknown parameter is a 422 naming it', async () => {
    const res = await get('page=1&zzUnknown=1');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'zzUnknown', reason: 'whitelistValidation' })]);
  });
});

// A field sent as null is not "left out": the columns are NOT NULL, so null is a field error.
it.each(['name', 'role', 'language'])('PATCH /api/v1/users/:id with %s: null is a 422, not a 500', async (field) => {
  const res = await api
    .http()
    .patch(`/api/v1/users/${ids.user}`)
    .set('Cookie', admin)
    .send({ [field]: null });
  expectSane(res, { [field]: null });
  expect(res.status).toBe(422);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
});

describe('bodies the parser must stop', () => {
  it('a body over the 2 MiB limit is a 413', async () => {
    const res = await api
      .http()
      .post('/api/v1/persons/search')
      .set('Cookie', admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ cpr: 'x'.repeat(3 * 1024 * 1024) }));
    expectSane(res, 'huge');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  // class-transformer recurses once per nesting level: the body parser refuses deep nesting before it gets there.
  it.each([
    ['arrays', '{"email":' + '['.repeat(20_000) + ']'.repeat(20_000) + ',"password":"x"}'],
    ['objects', '{"email":' + '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) + ',"password":"x"}'],
  ])('deeply nested %s are refused without a 500', async (_kind, body) => {
    const res = await api.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body);
    expectSane(res, 'deep');
    expect([400, 413, 422]).toContain(res.status);
  });
});
