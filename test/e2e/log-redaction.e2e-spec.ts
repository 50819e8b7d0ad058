import { randomBytes, randomUUID } from 'node:crypto';
import { Factory, TestWorld } from '../support/factories.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * A canary CPR number, a canary person's name and a canary password travel through every input the api has
 * (JSON bodies, query strings, headers, malformed bodies, a request that ends in a 500) and must never show
 * up in what the api logs, in any of the forms a CPR is written in.
 */
const CPR = '070761-4285';
const CPR_DIGITS = '0707614285';
const CPR_SPACED = '070761 4285';
const NAME = 'Sørine Kanarieblad';
const PASSWORD = 'Kanariefugl-Hemmelig-7731';

let api: TestApi;
let world: TestWorld;
let admin: string;
let personId: string;
let tenancyId: string;

beforeAll(async () => {
  api = await startTestApi();
  const f = new Factory(api.ds);
  world = await f.world();
  tenancyId = await f.tenancy(world.organisationId, world.deptA);
  personId = await f.person(world.organisationId, tenancyId, { name: NAME, cpr: CPR });
  admin = await api.login(world.users.admin.email);
});
afterAll(() => api?.close());

/** Every way the canaries could appear in a log line. */
function canariesIn(text: string, extra: RegExp[] = []): string[] {
  const patterns: [string, RegExp][] = [
    ['cpr', /070761[- \u00a0]?4285/],
    ['name', /Sørine|Kanarieblad|S\\u00f8rine/i],
    ['password', /Kanariefugl|Hemmelig-7731/],
    ...extra.map((p): [string, RegExp] => [`pattern ${p}`, p]),
  ];
  return patterns.filter(([, p]) => p.test(text)).map(([label]) => label);
}

/**
 * A fresh request id that is logged verbatim. It must hold no digits: the log scrubs CPR-shaped runs of
 * digits (6+4, with or without a dash) out of req.id, and a random UUID has one about once in 90 ids
 * (`…-a373-4321-866a-b8046924694b` is logged as `…-b[cpr]b`, `be823543-7222-…` as `be[cpr]-…`), after
 * which the request's completion line could no longer be found by its id. Hex digits are mapped to letters.
 */
function freshRequestId(): string {
  return `canary-${randomBytes(16)
    .toString('hex')
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
}

/** pino-http ends a request's log with "request completed", or "request errored" when an error was attached. */
function isCompletionLineOf(line: string, requestId: string): boolean {
  let entry: { msg?: unknown; req?: { id?: unknown } };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return false;
  }
  return entry.req?.id === requestId && (entry.msg === 'request completed' || entry.msg === 'request errored');
}

/** Sends one request with a fresh request id; returns the log lines written while it ran (and just after). */
async function logsOf(
  send: (requestId: string) => Promise<{ status: number }>,
): Promise<{ lines: string[]; status: number; requestId: string }> {
  const requestId = freshRequestId();
  const from = api.logs.length;
  const res = await send(requestId);
  // pino-http writes its line on the response's 'finish', which can trail the client seeing the response:
  // wait (bounded) for this request's completion line.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !api.logs.slice(from).some((l) => isCompletionLineOf(l, requestId))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 20));
  return { lines: api.logs.slice(from), status: res.status, requestId };
}

/** A request as admin; `url` may be a function for ids only known once beforeAll has run. */
const json = (method: 'post' | 'get', url: string | (() => string), body: unknown) => (requestId: string) => {
  const req = api
    .http()
    [method](typeof url === 'string' ? url : url())
    .set('Cookie', admin)
    .set('X-Request-Id', requestId);
  return body === undefined ? req : req.send(body as object);
};

const cases: [string, (requestId: string) => Promise<{ status: number }>, number][] = [
  ['login with the CPR as e-mail and the canary password', json('post', '/api/v1/auth/login', { email: CPR, password: PASSWORD }), 401],
  [
    'login with the CPR digits in the e-mail',
    json('post', '/api/v1/auth/login', { email: `${CPR_DIGITS}@test.dk`, password: PASSWORD }),
    401,
  ],
  [
    'login with an over-long e-mail made of CPRs',
    json('post', '/api/v1/auth/login', { email: `${CPR} `.repeat(40), password: PASSWORD }),
    422,
  ],
  ['CPR search, dashed', json('post', '/api/v1/persons/search', { cpr: CPR }), 200],
  ['CPR search, digits', json('post', '/api/v1/persons/search', { cpr: CPR_DIGITS }), 200],
  ['CPR search, spaced', json('post', '/api/v1/persons/search', { cpr: CPR_SPACED }), 200],
  ['CPR search with the CPR as an unknown field name', json('post', '/api/v1/persons/search', { cpr: CPR, [CPR]: NAME }), 422],
  ['query string, dashed', json('get', `/api/v1/tenancies?q=${CPR}`, undefined), 200],
  ['query string, digits', json('get', `/api/v1/tenancies?q=${CPR_DIGITS}`, undefined), 200],
  ['query string, invalid parameter', json('get', `/api/v1/audit?actorId=${CPR_DIGITS}`, undefined), 422],
  ['path segment', json('get', `/api/v1/persons/${CPR_DIGITS}`, undefined), 422],
  ['unknown route', json('get', `/api/v1/cpr/${CPR}`, undefined), 404],
  [
    'user created with the CPR and the canary name in the name',
    json('post', '/api/v1/users', {
      email: `sk-${randomUUID().slice(0, 6)}@test.dk`,
      name: `${NAME} ${CPR}`,
      role: 'counsellor',
      departmentIds: [],
      password: PASSWORD,
    }),
    422,
  ],
  [
    'user created for real with the canary name and password',
    (requestId) =>
      json('post', '/api/v1/users', {
        email: `sk-${randomUUID().slice(0, 6)}@test.dk`,
        name: NAME,
        role: 'caseworker',
        departmentIds: [world.deptA],
        password: PASSWORD,
      })(requestId),
    201,
  ],
  [
    'bad JSON body',
    (requestId) =>
      api
        .http()
        .post('/api/v1/persons/search')
        .set('Cookie', admin)
        .set('X-Request-Id', requestId)
        .set('Content-Type', 'application/json')
        .send(`{"cpr": "${CPR}", "name": "${NAME}", "password": "${PASSWORD}"`),
    400,
  ],
  [
    'wrong content type',
    (requestId) =>
      api
        .http()
        .post('/api/v1/persons/search')
        .set('Cookie', admin)
        .set('X-Request-Id', requestId)
        .set('Content-Type', 'application/xml')
        .send(`<cpr>${CPR}</cpr><name>${NAME}</name>`),
    415,
  ],
  [
    'text body',
    (requestId) =>
      api.http().post('/api/v1/auth/login').set('X-Request-Id', requestId).set('Content-Type', 'text/plain').send(`${CPR} ${PASSWORD}`),
    415,
  ],
  ['reading the canary person', json('get', () => `/api/v1/persons/${personId}`, undefined), 200],
  ['revealing the canary CPR', json('post', () => `/api/v1/persons/${personId}/reveal-cpr`, { purpose: `Sag om ${NAME}` }), 200],
  ['reading the canary’s tenancy', json('get', () => `/api/v1/tenancies/${tenancyId}`, undefined), 200],
];

it.each(cases)('%s: nothing of the canary is logged, and the request itself is', async (_label, send, expectedStatus) => {
  const { lines, status, requestId } = await logsOf(send);
  expect(status).toBe(expectedStatus);
  // The check is only worth something if the request was logged at all (under the id the client sent).
  expect(lines.some((l) => isCompletionLineOf(l, requestId))).toBe(true);
  expect({ leaks: canariesIn(lines.join('')) }).toEqual({ leaks: [] });
});

it('a request that ends in a 500 logs the error without the request’s content', async () => {
  const nested = `{"cpr":"${CPR}","password":"${PASSWORD}","name":"${NAME}","x":${'['.repeat(20_000)}"${CPR_DIGITS}"${']'.repeat(20_000)}}`;
  const { lines, status } = await logsOf((requestId) =>
    api.http().post('/api/v1/auth/login').set('X-Request-Id', requestId).set('Content-Type', 'application/json').send(nested),
  );
  // Refused by the body parser's depth limit; whatever the status, nothing leaks.
  expect(status).toBeGreaterThanOrEqual(400);
  expect({ leaks: canariesIn(lines.join('')) }).toEqual({ leaks: [] });
});

it('the whole log of this file holds no canary', () => {
  expect(api.logs.length).toBeGreaterThan(cases.length);
  expect({ leaks: canariesIn(api.logs.join('')) }).toEqual({ leaks: [] });
});

describe('encoded and header-borne CPR numbers', () => {
  // A CPR whose separator is URL-encoded (`%2D`, `%20`, or `+` as a browser writes a space) is still scrubbed.
  it.each([['070761%2D4285'], ['070761%204285'], ['070761+4285'], ['%30%37%30%37%36%31%34%32%38%35']])(
    'the query string q=%s is logged without the CPR',
    async (encoded) => {
      const { lines } = await logsOf(json('get', `/api/v1/tenancies?q=${encoded}`, undefined));
      const decoded = lines.map((l) => decodeURIComponent(l.replace(/\+/g, ' ')));
      expect({ leaks: canariesIn(decoded.join('')) }).toEqual({ leaks: [] });
    },
  );

  // The client's X-Request-Id is echoed into req.id: it is scrubbed too.
  it('a CPR-shaped X-Request-Id is not logged as is', async () => {
    const from = api.logs.length;
    await api.http().get('/api/v1/auth/me').set('Cookie', admin).set('X-Request-Id', CPR_DIGITS);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !api.logs.slice(from).some((l) => l.includes('request completed'))) await new Promise((r) => setTimeout(r, 20));
    expect(api.logs.slice(from).some((l) => l.includes('request completed'))).toBe(true);
    expect({ leaks: canariesIn(api.logs.slice(from).join('')) }).toEqual({ leaks: [] });
  });
});
