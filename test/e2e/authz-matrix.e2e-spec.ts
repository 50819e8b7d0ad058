import type { Response } from 'supertest';
import { Factory, TestWorld } from '../support/factories.js';
import { createApiKey, expectError } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * Who may call what, for every route the api actually registers (api.routes, from Fastify's onRoute).
 * A new route fails this file until it is added to ROUTES with its intended audience; a route removed from
 * the api fails it until it is removed here. The table is written by hand on purpose: it must not be derived
 * from ROLE_PERMISSIONS, or a wrong permission mapping would pass.
 */
type Role = 'admin' | 'counsellor' | 'caseworker' | 'property_manager';
type Caller = 'anonymous' | Role | 'apiKey';
type Fixtures = Awaited<ReturnType<typeof buildFixtures>>;

interface RouteSpec {
  /** `public`, or the authenticated callers allowed (apiKey = scopes arrears:write + departments:read, bound to deptA). */
  access: 'public' | readonly Exclude<Caller, 'anonymous'>[];
  /** Path parameters, from the fixtures. */
  params?: (fx: Fixtures) => Record<string, string>;
  /** The department-scoped object named by the path: a deptA user gets 2xx for one in deptA and 404 for one in deptB. */
  scoped?: { kind: 'tenancy' | 'person' | 'case'; otherOrganisation: 'not_found' | 'empty_page' };
  /** Deliberately minimal input. */
  body?: unknown;
  /** The call ends the caller's session: log in afresh for it. */
  endsSession?: boolean;
}

const ALL_ROLES = ['admin', 'counsellor', 'caseworker', 'property_manager'] as const;
const PERSON_READERS = ['admin', 'counsellor', 'caseworker'] as const;
/** Case work: counsellors and caseworkers; property managers and ledger keys never see cases. */
const CASE_WORKERS = ['admin', 'counsellor', 'caseworker'] as const;
/** Counsellors' notes: not even caseworkers. */
const NOTE_READERS = ['admin', 'counsellor'] as const;
const caseId = (fx: Fixtures) => ({ id: fx.caseA });
/** Ledger uploads: admins, property managers and API keys with `arrears:write`. */
const ARREARS_WRITERS = ['admin', 'property_manager', 'apiKey'] as const;
/** An id that names nothing: allowed callers get 404. */
const missing = (name: string) => () => ({ [name]: '00000000-0000-4000-8000-000000000000' });
/** A part that does not exist on the case: allowed callers get 404 or 422, never 401/403. */
const part = (name: string) => (fx: Fixtures) => ({ id: fx.caseA, [name]: '00000000-0000-4000-8000-000000000000' });

const ROUTES: Record<string, RouteSpec> = {
  'GET /health': { access: 'public' },
  'GET /health/ready': { access: 'public' },
  'POST /api/v1/auth/login': { access: 'public', body: {} },
  'GET /api/v1/auth/me': { access: ALL_ROLES },
  'PATCH /api/v1/auth/me': { access: ALL_ROLES, body: { language: 'da' } },
  'POST /api/v1/auth/logout': { access: ALL_ROLES, endsSession: true },
  'GET /api/v1/users': { access: ['admin'] },
  'POST /api/v1/users': { access: ['admin'], body: {} },
  'GET /api/v1/users/:id': { access: ['admin'], params: (fx) => ({ id: fx.targetUser }) },
  'PATCH /api/v1/users/:id': { access: ['admin'], params: (fx) => ({ id: fx.targetUser }), body: {} },
  'POST /api/v1/users/:id/password': { access: ['admin'], params: (fx) => ({ id: fx.targetUser }), body: {} },
  'GET /api/v1/api-keys': { access: ['admin'] },
  'POST /api/v1/api-keys': { access: ['admin'], body: {} },
  'POST /api/v1/api-keys/:id/revoke': { access: ['admin'], params: (fx) => ({ id: fx.throwawayKey }) },
  'GET /api/v1/departments': { access: [...ALL_ROLES, 'apiKey'] },
  'PATCH /api/v1/departments/:id': { access: ['admin'], params: (fx) => ({ id: fx.world.deptA }), body: {} },
  'GET /api/v1/departments/:id/lead-candidates': { access: ['admin'], params: (fx) => ({ id: fx.world.deptA }) },
  'GET /api/v1/municipalities': { access: ALL_ROLES },
  'GET /api/v1/tenancies': { access: ALL_ROLES },
  'GET /api/v1/tenancies/:id': {
    access: ALL_ROLES,
    params: (fx) => ({ id: fx.tenancyA }),
    scoped: { kind: 'tenancy', otherOrganisation: 'not_found' },
  },
  'GET /api/v1/persons/:id': {
    access: PERSON_READERS,
    params: (fx) => ({ id: fx.personA }),
    scoped: { kind: 'person', otherOrganisation: 'not_found' },
  },
  'POST /api/v1/persons/:id/reveal-cpr': {
    access: PERSON_READERS,
    params: (fx) => ({ id: fx.personA }),
    scoped: { kind: 'person', otherOrganisation: 'not_found' },
    body: { purpose: 'Autorisationstest' },
  },
  'POST /api/v1/persons/search': { access: PERSON_READERS, body: { cpr: '010190-1234' } },
  'GET /api/v1/cases': { access: CASE_WORKERS },
  'GET /api/v1/cases/export.csv': { access: CASE_WORKERS },
  'POST /api/v1/cases/search-cpr': { access: CASE_WORKERS, body: { cpr: '010190-1234' } },
  'GET /api/v1/cases/assignees': { access: CASE_WORKERS },
  'POST /api/v1/cases': { access: CASE_WORKERS, body: {} },
  'POST /api/v1/cases/bulk-assign': { access: CASE_WORKERS, body: {} },
  'GET /api/v1/cases/:id': { access: CASE_WORKERS, params: caseId, scoped: { kind: 'case', otherOrganisation: 'not_found' } },
  'PATCH /api/v1/cases/:id': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/stage': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/assign': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/risk-override': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/close': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/reopen': { access: CASE_WORKERS, params: caseId, body: {} },
  'GET /api/v1/cases/:id/timeline': { access: CASE_WORKERS, params: caseId, scoped: { kind: 'case', otherOrganisation: 'not_found' } },
  'GET /api/v1/cases/:id/notes': { access: NOTE_READERS, params: caseId, scoped: { kind: 'case', otherOrganisation: 'not_found' } },
  'POST /api/v1/cases/:id/notes': { access: NOTE_READERS, params: caseId, body: {} },
  'PATCH /api/v1/cases/:id/notes/:noteId': { access: NOTE_READERS, params: part('noteId'), body: {} },
  'POST /api/v1/cases/:id/contacts': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/tasks': { access: CASE_WORKERS, params: caseId, body: {} },
  'PATCH /api/v1/cases/:id/tasks/:taskId': { access: CASE_WORKERS, params: part('taskId'), body: {} },
  'POST /api/v1/cases/:id/budget-lines': { access: CASE_WORKERS, params: caseId, body: {} },
  'PATCH /api/v1/cases/:id/budget-lines/:lineId': { access: CASE_WORKERS, params: part('lineId'), body: {} },
  'DELETE /api/v1/cases/:id/budget-lines/:lineId': { access: CASE_WORKERS, params: part('lineId') },
  'POST /api/v1/cases/:id/debts': { access: CASE_WORKERS, params: caseId, body: {} },
  'PATCH /api/v1/cases/:id/debts/:debtId': { access: CASE_WORKERS, params: part('debtId'), body: {} },
  'DELETE /api/v1/cases/:id/debts/:debtId': { access: CASE_WORKERS, params: part('debtId') },
  'POST /api/v1/cases/:id/agreements': { access: CASE_WORKERS, params: caseId, body: {} },
  'PATCH /api/v1/cases/:id/agreements/:agreementId': { access: CASE_WORKERS, params: part('agreementId'), body: {} },
  'PATCH /api/v1/cases/:id/instalments/:instalmentId': { access: CASE_WORKERS, params: part('instalmentId'), body: {} },
  'POST /api/v1/cases/:id/applications': { access: CASE_WORKERS, params: caseId, body: {} },
  'PATCH /api/v1/cases/:id/applications/:applicationId': { access: CASE_WORKERS, params: part('applicationId'), body: {} },
  'GET /api/v1/cases/:id/arrears-history': { access: CASE_WORKERS, params: caseId, scoped: { kind: 'case', otherOrganisation: 'not_found' } },
  'POST /api/v1/arrears/imports': { access: ARREARS_WRITERS, body: {} },
  'POST /api/v1/arrears/snapshots': { access: ARREARS_WRITERS, body: {} },
  'GET /api/v1/arrears/imports': { access: ARREARS_WRITERS },
  'GET /api/v1/arrears/imports/:id': { access: ARREARS_WRITERS, params: missing('id') },
  'GET /api/v1/arrears/imports/:id/errors': { access: ARREARS_WRITERS, params: missing('id') },
  'GET /api/v1/arrears/imports/:id/errors.csv': { access: ARREARS_WRITERS, params: missing('id') },
  'POST /api/v1/arrears/imports/:id/replay': { access: ['admin'], params: missing('id') },
  'GET /api/v1/arrears/trigger-rules': { access: ['admin'] },
  'PUT /api/v1/arrears/trigger-rules/organisation': { access: ['admin'], body: {} },
  'PUT /api/v1/arrears/trigger-rules/departments/:departmentId': { access: ['admin'], params: (fx) => ({ departmentId: fx.world.deptA }), body: {} },
  'DELETE /api/v1/arrears/trigger-rules/departments/:departmentId': { access: ['admin'], params: (fx) => ({ departmentId: fx.world.deptA }) },
  // Partner registry and routing rules: everyone who refers reads them, admins change them. Consents go through the case.
  'GET /api/v1/partners': { access: CASE_WORKERS },
  'GET /api/v1/partners/:id': { access: CASE_WORKERS, params: missing('id') },
  'POST /api/v1/partners': { access: ['admin'], body: {} },
  'PUT /api/v1/partners/:id': { access: ['admin'], params: missing('id'), body: {} },
  'POST /api/v1/partners/:id/rotate-secret': { access: ['admin'], params: missing('id'), body: {} },
  'GET /api/v1/referrals/routing-rules': { access: CASE_WORKERS },
  'PUT /api/v1/referrals/routing-rules': { access: ['admin'], body: {} },
  'GET /api/v1/cases/:id/consents': { access: CASE_WORKERS, params: caseId, scoped: { kind: 'case', otherOrganisation: 'not_found' } },
  'POST /api/v1/cases/:id/consents': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/consents/:consentId/withdraw': { access: CASE_WORKERS, params: part('consentId'), body: {} },
  'GET /api/v1/cases/:id/referrals': { access: CASE_WORKERS, params: caseId, scoped: { kind: 'case', otherOrganisation: 'not_found' } },
  'POST /api/v1/cases/:id/routing/dry-run': { access: CASE_WORKERS, params: caseId, body: {}, scoped: { kind: 'case', otherOrganisation: 'not_found' } },
  'POST /api/v1/cases/:id/referrals': { access: CASE_WORKERS, params: caseId, body: {} },
  'POST /api/v1/cases/:id/referrals/:rid/send': { access: CASE_WORKERS, params: part('rid'), body: {} },
  'POST /api/v1/cases/:id/referrals/:rid/dismiss': { access: CASE_WORKERS, params: part('rid'), body: {} },
  'POST /api/v1/cases/:id/referrals/:rid/withdraw': { access: CASE_WORKERS, params: part('rid'), body: {} },
  'POST /api/v1/cases/:id/referrals/:rid/answer': { access: CASE_WORKERS, params: part('rid'), body: {} },
  'GET /api/v1/partner-messages': { access: ['admin'] },
  'POST /api/v1/partner-messages/:mid/resend': { access: ['admin'], params: missing('mid') },
  // Partners' answers: no session or key; the signature (callback) or the signed link is the authentication.
  'POST /api/v1/partner-responses': { access: 'public', body: {} },
  'GET /api/v1/partner-responses/:rid': { access: 'public', params: missing('rid') },
  'POST /api/v1/partner-responses/:rid': { access: 'public', params: missing('rid'), body: {} },
  'GET /api/v1/notifications': { access: ALL_ROLES },
  'GET /api/v1/notifications/unread-count': { access: ALL_ROLES },
  'POST /api/v1/notifications/read-all': { access: ALL_ROLES },
  'GET /api/v1/notifications/settings': { access: ALL_ROLES },
  'PUT /api/v1/notifications/settings': { access: ALL_ROLES, body: {} },
  'POST /api/v1/notifications/:id/read': { access: ALL_ROLES, params: missing('id') },
  'GET /api/v1/escalations/mine': { access: CASE_WORKERS },
  'GET /api/v1/escalations/preview': { access: ['admin'] },
  'GET /api/v1/escalations/settings': { access: ['admin'] },
  'PUT /api/v1/escalations/settings': { access: ['admin'], body: {} },
  'GET /api/v1/audit': { access: ['admin'] },
  // Only admins read audit history, and an admin sees every department; another organisation's person has no rows here.
  'GET /api/v1/persons/:personId/access-history': {
    access: ['admin'],
    params: (fx) => ({ personId: fx.personA }),
    scoped: { kind: 'person', otherOrganisation: 'empty_page' },
  },
};

/** Served by @nestjs/swagger outside the guard: public by design. */
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs-');
/**
 * Bull Board (apps/api/src/queue-board.ts): its routes come from the package and change with its upgrades, so
 * they are classified by their prefix, which one hook guards as a whole: admins only (`queues:admin`), never
 * an API key. Everything under it is called below like any other route.
 */
const isQueueBoard = (url: string) => url === '/admin/queues' || url.startsWith('/admin/queues/');
const QUEUE_BOARD: RouteSpec = { access: ['admin'] };
const specOf = (key: string): RouteSpec | undefined => ROUTES[key] ?? (isQueueBoard(key.split(' ')[1]!) ? QUEUE_BOARD : undefined);
const CALLERS: Caller[] = ['anonymous', 'admin', 'counsellor', 'caseworker', 'property_manager', 'apiKey'];

let api: TestApi;
let fx: Fixtures;

async function buildFixtures(api: TestApi) {
  const f = new Factory(api.ds);
  const world: TestWorld = await f.world();
  const org = world.organisationId;
  const tenancyA = await f.tenancy(org, world.deptA);
  const tenancyB = await f.tenancy(org, world.deptB);
  const personA = await f.person(org, tenancyA, { name: 'Person A', cpr: '010190-1234' });
  const personB = await f.person(org, tenancyB, { name: 'Person B', cpr: '020290-1234' });
  const otherOrg = await f.organisation('Anden boligforening');
  const otherDept = await f.department(otherOrg, 'X1');
  const tenancyX = await f.tenancy(otherOrg, otherDept);
  const personX = await f.person(otherOrg, tenancyX, { name: 'Person X', cpr: '030390-1234' });
  const targetUser = (await f.user(org, 'caseworker', [world.deptA])).id;
  const caseA = await f.caseFile(org, tenancyA);
  const caseB = await f.caseFile(org, tenancyB);
  const caseX = await f.caseFile(otherOrg, tenancyX);

  const cookies: Record<Role | 'counsellorB', string> = {
    admin: await api.login(world.users.admin.email),
    counsellor: await api.login(world.users.counsellor.email),
    caseworker: await api.login(world.users.caseworker.email),
    property_manager: await api.login(world.users.property_manager.email),
    counsellorB: await api.login(world.users.counsellorB.email),
  };
  const apiKey = await createApiKey(api, cookies.admin, { departmentIds: [world.deptA], scopes: ['arrears:write', 'departments:read'] });
  const throwawayKey = (await createApiKey(api, cookies.admin, { departmentIds: [world.deptA], scopes: ['departments:read'] })).id;
  return { world, tenancyA, tenancyB, tenancyX, personA, personB, personX, caseA, caseB, caseX, targetUser, cookies, apiKey, throwawayKey };
}

beforeAll(async () => {
  api = await startTestApi();
  fx = await buildFixtures(api);
});
afterAll(() => api?.close());

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

async function call(key: string, who: Caller | 'counsellorB', params?: Record<string, string>): Promise<Response> {
  const spec = specOf(key);
  const [method, url] = key.split(' ') as [string, string];
  const ids = params ?? spec?.params?.(fx) ?? {};
  const path = url.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? `missing-${name}`).replace(/\*$/, 'swagger-ui.css');
  let req = api.http()[method.toLowerCase() as 'get'](path);
  if (who === 'apiKey') req = req.set('Authorization', fx.apiKey.authorization);
  else if (who !== 'anonymous') {
    const cookie = spec?.endsSession
      ? await api.login(who === 'counsellorB' ? fx.world.users.counsellorB.email : fx.world.users[who].email)
      : fx.cookies[who];
    req = req.set('Cookie', cookie);
  }
  return spec?.body === undefined ? req : req.send(spec.body as object);
}

it('has an expectation for every route the api serves, and no expectation for a route it does not', () => {
  const served = api.routes.filter((r) => !isDocs(r.url)).map(keyOf);
  const unclassified = served.filter((k) => !specOf(k));
  const stale = Object.keys(ROUTES).filter((k) => !served.includes(k));
  // The api, health, and the queue board (admin-only as a whole, see isQueueBoard): a route anywhere else escaped review.
  const outsideKnownPrefixes = served.filter((k) => !/^\w+ \/(api\/v1|health|admin\/queues)(\/|$)/.test(k));
  expect({ unclassified, stale, outsideKnownPrefixes }).toEqual({ unclassified: [], stale: [], outsideKnownPrefixes: [] });
  expect(api.routes.some((r) => isDocs(r.url))).toBe(true);
  expect(served).toEqual(expect.arrayContaining(['GET /admin/queues', 'GET /admin/queues/api/queues', 'PUT /admin/queues/api/queues/:queueName/:jobId/retry']));
});

describe.each(CALLERS)('as %s', (caller) => {
  it('every route answers as the matrix says', async () => {
    const failures: string[] = [];
    for (const route of api.routes) {
      const key = keyOf(route);
      const spec: RouteSpec | undefined = isDocs(route.url) ? { access: 'public' } : specOf(key);
      if (!spec) continue; // reported by the completeness test
      const res = await call(key, caller);
      const describeRes = `${key} as ${caller}: ${res.status} ${res.text.slice(0, 160)}`;
      if (res.status >= 500) failures.push(`5xx: ${describeRes}`);
      else if (spec.access === 'public' || spec.access.includes(caller as never)) {
        if (res.status === 401 || res.status === 403) failures.push(`should be allowed: ${describeRes}`);
      } else {
        const expected = caller === 'anonymous' ? { status: 401, code: 'unauthenticated' } : { status: 403, code: 'forbidden' };
        try {
          expectError(res, expected.status, expected.code);
        } catch {
          failures.push(`should be ${expected.status} ${expected.code}: ${describeRes}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('department-scoped objects', () => {
  const scopedRoutes = Object.entries(ROUTES).filter(([, s]) => s.scoped);
  const objects = (kind: 'tenancy' | 'person' | 'case') =>
    kind === 'tenancy'
      ? { A: fx.tenancyA, B: fx.tenancyB, X: fx.tenancyX }
      : kind === 'case'
        ? { A: fx.caseA, B: fx.caseB, X: fx.caseX }
        : { A: fx.personA, B: fx.personB, X: fx.personX };
  const paramName = (key: string) => /:(\w+)/.exec(key)![1]!;
  const DEPT_USERS = ['counsellor', 'caseworker', 'property_manager'] as const;
  const departmentUserRoutes = scopedRoutes.filter(([, s]) => DEPT_USERS.some((r) => (s.access as readonly string[]).includes(r)));

  it.each(departmentUserRoutes)('%s: a department user sees objects of their department and gets 404 for others', async (key, spec) => {
    const o = objects(spec.scoped!.kind);
    const p = paramName(key);
    const deptAUsers = DEPT_USERS.filter((r) => (spec.access as readonly string[]).includes(r));
    for (const who of deptAUsers) {
      const own = await call(key, who, { [p]: o.A });
      expect({ who, ok: own.status >= 200 && own.status < 300 }).toEqual({ who, ok: true });
      expectError(await call(key, who, { [p]: o.B }), 404, 'not_found');
      expectError(await call(key, who, { [p]: o.X }), 404, 'not_found');
    }
    if ((spec.access as readonly string[]).includes('counsellor')) {
      expect((await call(key, 'counsellorB', { [p]: o.B })).status).toBe(200);
      expectError(await call(key, 'counsellorB', { [p]: o.A }), 404, 'not_found');
    }
  });

  it.each(scopedRoutes)('%s: an admin sees every department of the organisation and nothing of another', async (key, spec) => {
    const o = objects(spec.scoped!.kind);
    const p = paramName(key);
    expect((await call(key, 'admin', { [p]: o.A })).status).toBe(200);
    expect((await call(key, 'admin', { [p]: o.B })).status).toBe(200);
    const foreign = await call(key, 'admin', { [p]: o.X });
    if (spec.scoped!.otherOrganisation === 'not_found') expectError(foreign, 404, 'not_found');
    else
      expect({ status: foreign.status, total: foreign.body.total, items: foreign.body.items }).toEqual({
        status: 200,
        total: 0,
        items: [],
      });
  });

  it('lists hold only the caller’s departments', async () => {
    const tenancies = await call('GET /api/v1/tenancies', 'counsellor');
    expect(tenancies.body.items.map((t: { id: string }) => t.id)).toEqual([fx.tenancyA]);
    const departments = await call('GET /api/v1/departments', 'property_manager');
    expect(departments.body.items.map((d: { id: string }) => d.id)).toEqual([fx.world.deptA]);
    const forKey = await call('GET /api/v1/departments', 'apiKey');
    expect(forKey.body.items.map((d: { id: string }) => d.id)).toEqual([fx.world.deptA]);
    const forAdmin = await call('GET /api/v1/departments', 'admin');
    expect(forAdmin.body.items.map((d: { id: string }) => d.id).sort()).toEqual([fx.world.deptA, fx.world.deptB].sort());
  });

  it('a CPR search finds a person of another department for nobody but its own department', async () => {
    const search = (who: keyof Fixtures['cookies'], cpr: string) =>
      api.http().post('/api/v1/persons/search').set('Cookie', fx.cookies[who]).send({ cpr });
    expect((await search('counsellor', '020290-1234')).body).toEqual({ items: [] });
    expect((await search('counsellor', '030390-1234')).body).toEqual({ items: [] });
    expect((await search('counsellor', '010190-1234')).body.items.map((p: { id: string }) => p.id)).toEqual([fx.personA]);
    expect((await search('counsellorB', '020290-1234')).body.items.map((p: { id: string }) => p.id)).toEqual([fx.personB]);
  });
});

describe('credentials that are not valid', () => {
  it.each([
    ['a cookie that is not a session', { Cookie: 'forebyg_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
    ['a malformed cookie', { Cookie: 'forebyg_session=<script>' }],
    ['an unknown API key', { Authorization: 'Bearer fbg_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
    ['a malformed Authorization header', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('%s gets 401', async (_label, headers) => {
    expectError(await api.http().get('/api/v1/departments').set(headers), 401, 'unauthenticated');
  });

  it('a revoked API key gets 401 on a route its scopes allowed', async () => {
    const key = await createApiKey(api, fx.cookies.admin, { departmentIds: [fx.world.deptA], scopes: ['departments:read'] });
    expect((await api.http().get('/api/v1/departments').set('Authorization', key.authorization)).status).toBe(200);
    expect((await api.http().post(`/api/v1/api-keys/${key.id}/revoke`).set('Cookie', fx.cookies.admin)).status).toBe(200);
    expectError(await api.http().get('/api/v1/departments').set('Authorization', key.authorization), 401, 'unauthenticated');
  });

  it('an API key takes precedence over a session cookie (no privilege mixing)', async () => {
    const res = await api.http().get('/api/v1/users').set('Authorization', fx.apiKey.authorization).set('Cookie', fx.cookies.admin);
    expectError(res, 403, 'forbidden');
  });
});
