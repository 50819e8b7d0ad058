import { Factory, TestWorld } from '../support/factories.js';
import { expectError, expectFieldError } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/** The error contract a UI relies on, the OpenAPI document, and the health endpoints. */
let api: TestApi;
let world: TestWorld;
let admin: string;

beforeAll(async () => {
  api = await startTestApi();
  world = await new Factory(api.ds).world();
  admin = await api.login(world.users.admin.email);
});
afterAll(() => api?.close());

describe('error bodies', () => {
  it('an unknown route is a JSON 404 not_found, for any method, logged in or not', async () => {
    expectError(await api.http().get('/api/v1/no-such-thing'), 404, 'not_found');
    expectError(await api.http().get('/api/v1/no-such-thing').set('Cookie', admin), 404, 'not_found');
    expectError(await api.http().delete('/api/v1/users').set('Cookie', admin), 404, 'not_found');
    expectError(await api.http().post('/no-api-here').send({}), 404, 'not_found');
  });

  it('echoes a well-formed X-Request-Id as requestId and replaces anything else', async () => {
    const mine = await api.http().get('/api/v1/no-such-thing').set('X-Request-Id', 'trace-abc_123');
    expect(mine.body.requestId).toBe('trace-abc_123');
    for (const bad of ['id with spaces', '<script>', 'x'.repeat(65)]) {
      const res = await api.http().get('/api/v1/no-such-thing').set('X-Request-Id', bad);
      expect(res.body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('malformed JSON is a 400 bad_request that does not echo the body', async () => {
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.dk", "password": ');
    expectError(res, 400, 'bad_request');
    expect(res.text).not.toContain('a@b.dk');
  });

  it('an empty JSON body is a 400 bad_request', async () => {
    expectError(await api.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(''), 400, 'bad_request');
  });

  it.each([['{"__proto__": {"role": "admin"}}'], ['{"constructor": {"prototype": {"role": "admin"}}}']])(
    'prototype poisoning %s is a 400',
    async (body) => {
      expectError(await api.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body), 400, 'bad_request');
    },
  );

  it.each([['application/xml'], ['multipart/form-data; boundary=x'], ['application/octet-stream']])(
    'content type %s is a 415 unsupported_media_type',
    async (type) => {
      expectError(
        await api.http().post('/api/v1/persons/search').set('Cookie', admin).set('Content-Type', type).send('x'),
        415,
        'unsupported_media_type',
      );
    },
  );

  it('a body over 2 MiB is a 413 payload_too_large', async () => {
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024), password: 'x' }));
    expectError(res, 413, 'payload_too_large');
  });

  it.each([
    ['/api/v1/users/not-a-uuid', 'id'],
    ['/api/v1/tenancies/123', 'id'],
    ['/api/v1/persons/%27%20OR%201%3D1', 'id'],
    ['/api/v1/persons/0707614285/access-history', 'personId'],
  ])('a non-UUID path id (%s) is a 422 on the parameter', async (url, field) => {
    const res = await api.http().get(url).set('Cookie', admin);
    expectFieldError(res, field, 'isUuid');
    expect(res.body.errors).toHaveLength(1);
  });

  it('a well-formed id that does not exist is a 404', async () => {
    expectError(await api.http().get('/api/v1/users/00000000-0000-4000-8000-000000000000').set('Cookie', admin), 404, 'not_found');
    expectError(await api.http().get('/api/v1/tenancies/00000000-0000-4000-8000-000000000000').set('Cookie', admin), 404, 'not_found');
  });

  it('validation errors list every problem per field, with a reason a UI can translate', async () => {
    const res = await api
      .http()
      .post('/api/v1/users')
      .set('Cookie', admin)
      .send({ email: 'not-an-email', role: 'king', departmentIds: ['x'], password: 5, surprise: true });
    expectError(res, 422, 'validation_failed');
    const byField = new Map<string, string[]>();
    for (const e of res.body.errors as { field: string; reason: string }[])
      byField.set(e.field, [...(byField.get(e.field) ?? []), e.reason]);
    expect([...byField.keys()].sort()).toEqual(['departmentIds', 'email', 'name', 'password', 'role', 'surprise']);
    expect(byField.get('email')).toContain('isEmail');
    expect(byField.get('role')).toContain('isIn');
    expect(byField.get('departmentIds')).toContain('isUuid');
    expect(byField.get('surprise')).toEqual(['whitelistValidation']);
  });

  it('password policy problems are field errors too', async () => {
    const res = await api
      .http()
      .post('/api/v1/users')
      .set('Cookie', admin)
      .send({ email: 'ny.bruger@test.dk', name: 'Ny Bruger', role: 'caseworker', departmentIds: [world.deptA], password: 'kort' });
    expectFieldError(res, 'password', 'too_short');
  });

  it('an unsupported sort field is a 422 on sort', async () => {
    expectFieldError(await api.http().get('/api/v1/users?sort=passwordHash').set('Cookie', admin), 'sort', 'unsupported_sort');
  });

  it('a duplicate user is a 409 email_taken on the email field, whatever the case of the address', async () => {
    const body = {
      email: 'Dobbelt@Test.dk',
      name: 'Dobbelt Bruger',
      role: 'caseworker',
      departmentIds: [world.deptA],
      password: 'En-Lang-Adgangskode-2026',
    };
    const first = await api.http().post('/api/v1/users').set('Cookie', admin).send(body);
    expect(first.status).toBe(201);
    expect(first.body.email).toBe('dobbelt@test.dk');
    const again = await api
      .http()
      .post('/api/v1/users')
      .set('Cookie', admin)
      .send({ ...body, email: 'dobbelt@test.DK' });
    expectError(again, 409, 'email_taken');
    expect(again.body.errors).toEqual([{ field: 'email', reason: 'email_taken' }]);
    expect((await api.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'dobbelt@test.dk'`))[0].n).toBe(1);
  });

  it('an unknown department is a 422, not a foreign-key 500', async () => {
    const res = await api
      .http()
      .post('/api/v1/users')
      .set('Cookie', admin)
      .send({
        email: 'ukendt.afd@test.dk',
        name: 'Ukendt Afdeling',
        role: 'caseworker',
        departmentIds: ['00000000-0000-4000-8000-000000000000'],
        password: 'En-Lang-Adgangskode-2026',
      });
    expectFieldError(res, 'departmentIds', 'unknown_department');
  });

  it('errors never carry a stack trace, even for a 500', async () => {
    // Deep nesting is refused by the body parser; whatever the status, the body is the plain error body.
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectError(res, res.status);
    if (res.status === 500)
      expect(res.body).toEqual({ statusCode: 500, code: 'internal', message: 'Internal error', requestId: expect.any(String) });
  });
});

describe('numbers in query strings', () => {
  it.each([
    ['/api/v1/users?page=0x10', 'page'],
    ['/api/v1/users?pageSize=1e1', 'pageSize'],
    ['/api/v1/cases?noContactDays=%2014', 'noContactDays'],
    ['/api/v1/cases?noContactDays=0b11', 'noContactDays'],
  ])('%s is a 422 on %s: only plain decimal digits are numbers', async (url, field) => {
    expectFieldError(await api.http().get(url).set('Cookie', admin), field);
  });
});

describe('OpenAPI', () => {
  it('documents every /api/v1 route the api serves, with both ways to authenticate', async () => {
    const res = await api.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const served = api.routes
      .filter((r) => r.url.startsWith('/api/v1/') || r.url.startsWith('/health'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(20);
    expect(documented.sort()).toEqual([...new Set(served)].sort());
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'cookie']);
  });

  it('serves the Swagger UI', async () => {
    const res = await api.http().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('health', () => {
  it('/health answers 200 without authentication', async () => {
    const res = await api.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/health/ready reports the database and the queue backend up', async () => {
    const res = await api.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, queue: { status: 'up', backend: process.env.REDIS_URL ? 'redis' : 'postgres' } },
    });
  });

  it('sends the security headers on every answer', async () => {
    const res = await api.http().get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
