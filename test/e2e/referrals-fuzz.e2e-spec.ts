import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Response } from 'supertest';
import {
  CONSENT_CHANNELS,
  DEFAULT_ROUTING_RULES,
  PARTNER_ANSWERS,
  PARTNER_KINDS,
  REFERRAL_PURPOSES,
  RISK_LEVELS,
  SHARED_DATA_ITEMS,
  signRespondToken,
  STAGES,
  webhookHeaders,
} from '@forebyg/domain';
import { CONTACT_KINDS, ISO_639_1, MessageContent, PARTNER_CHANNELS } from '@forebyg/referrals';
import { Factory, TestWorld } from '../support/factories.js';
import {
  anyJson,
  anyNumber,
  anyQueryParams,
  anyScalar,
  BAD_FLAG,
  BAD_PAGE_SIZE,
  enc,
  expect422,
  expectBadParamsRefused,
  expectSane,
  expectSaneForAll,
  expectStatusIn,
  fieldsOf,
  fieldsOfError,
  fieldWithWrongValue,
  NOT_ARRAY,
  queryString,
  repeatedParam,
  sendJson,
  sendRaw,
  shortStrings,
  smallObject,
  wrongScalar,
} from '../support/fuzz.js';
import { requestLine } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * Garbage in, never a 500 out, for the integration module (docs/referrals.md): every route of the partner registry,
 * the routing rules, the consent ledger, the referral panel, the dead letter and the partners' answers gets generated
 * nonsense, as an admin where the route needs a user. Whatever happens, the answer is below 500, is the one JSON error
 * body when it is an error, and carries no stack trace; a known field of the wrong type is a 422 naming that field.
 * The routing rules take any nested JSON and answer with field paths; the partners' callback takes any body under any
 * webhook-* headers, signed or not, and answers 401, 409 or 422. Modelled on cases-fuzz.e2e-spec.ts.
 */
type FieldKind = 'string' | 'enum' | 'boolean' | 'array' | 'int' | 'uuid' | 'object' | 'timestamp' | 'date';

/** The things a route's path and a valid body refer to. */
interface Ids {
  case: string;
  person: string;
  consent: string;
  /** A proposed referral to the own counselling on `case`. */
  referral: string;
  referralVersion: number;
}

interface BodyRoute {
  method: 'post' | 'put';
  path: (ids: Ids) => string;
  fields: Record<string, FieldKind>;
  /** A body the route accepts (or refuses only for the state it finds): the base of the "one field off" property. */
  valid: (ids: Ids) => Record<string, unknown>;
  /** Public routes: no session cookie. */
  public?: boolean;
}

interface Fixtures {
  /** Partner the PUT and rotate-secret routes are fuzzed on (its version moves on whenever a fuzzed body is valid). */
  target: string;
  /** The own counselling of department A: no consent needed, so referrals to it can be proposed and sent. */
  own: string;
  /** Another kind of partner without consent, whose secret signs the callbacks. */
  signer: { id: string; secret: string };
  /** A referral to the signer that went out: the callback and the link may move it on. */
  sent: { case: string; referral: string };
}

const PARTNER_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  description: 'string',
  municipalityCode: 'string',
  areas: 'array',
  services: 'array',
  languages: 'array',
  contactKind: 'enum',
  contactName: 'string',
  phone: 'string',
  email: 'string',
  openingHours: 'string',
  channel: 'enum',
  webhookUrl: 'string',
  requiresConsent: 'boolean',
  capacity: 'int',
  waitingDays: 'int',
  accredited: 'boolean',
  answerDays: 'int',
  departmentIds: 'array',
  active: 'boolean',
};

let seq = 0;
const c = (rest: string) => (ids: Ids) => `/api/v1/cases/${ids.case}${rest}`;
const r = (action: string) => (ids: Ids) => `/api/v1/cases/${ids.case}/referrals/${ids.referral}/${action}`;
const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
const volunteerBody = () => ({
  kind: 'volunteer',
  name: `Fuzzforening ${++seq}`,
  channel: 'webhook',
  webhookUrl: 'https://fuzz.example/hook',
  areas: ['101'],
  services: ['debt_counselling'],
  languages: ['da', 'en'],
});

const BODY_ROUTES: Record<string, BodyRoute> = {
  'POST /api/v1/partners': {
    method: 'post',
    path: () => '/api/v1/partners',
    fields: { kind: 'enum', ...PARTNER_FIELDS },
    valid: volunteerBody,
  },
  'PUT /api/v1/partners/:id': {
    method: 'put',
    path: () => `/api/v1/partners/${fx.target}`,
    fields: { version: 'int', kind: 'enum', ...PARTNER_FIELDS },
    valid: () => ({ version: 1, capacity: 2, openingHours: 'Mandag 10-12' }),
  },
  'POST /api/v1/partners/:id/rotate-secret': {
    method: 'post',
    path: () => `/api/v1/partners/${fx.target}/rotate-secret`,
    fields: { version: 'int' },
    valid: () => ({ version: 1 }),
  },
  'PUT /api/v1/referrals/routing-rules': {
    method: 'put',
    path: () => '/api/v1/referrals/routing-rules',
    fields: { version: 'int', rules: 'object' },
    valid: () => ({ rules: structuredClone(DEFAULT_ROUTING_RULES) }),
  },
  'POST /api/v1/cases/:id/consents': {
    method: 'post',
    path: c('/consents'),
    fields: {
      personId: 'uuid',
      recipientPartnerId: 'uuid',
      recipientKind: 'enum',
      purpose: 'enum',
      dataItems: 'array',
      givenVia: 'enum',
      givenAt: 'timestamp',
      expiresOn: 'date',
      note: 'string',
    },
    valid: (ids) => ({
      personId: ids.person,
      recipientKind: 'volunteer',
      purpose: 'debt_counselling',
      dataItems: ['name'],
      givenVia: 'written',
      givenAt: hourAgo(),
    }),
  },
  'POST /api/v1/cases/:id/consents/:consentId/withdraw': {
    method: 'post',
    path: (ids) => c(`/consents/${ids.consent}/withdraw`)(ids),
    fields: { reason: 'string' },
    valid: () => ({ reason: 'Ønsker det ikke længere' }),
  },
  'POST /api/v1/cases/:id/routing/dry-run': {
    method: 'post',
    path: c('/routing/dry-run'),
    fields: { rules: 'object' },
    valid: () => ({ rules: structuredClone(DEFAULT_ROUTING_RULES) }),
  },
  'POST /api/v1/cases/:id/referrals': {
    method: 'post',
    path: c('/referrals'),
    fields: { partnerId: 'uuid', purpose: 'enum', dataItems: 'array', send: 'boolean', overrideReason: 'string' },
    valid: () => ({ partnerId: fx.signer.id, purpose: 'debt_counselling', send: false }),
  },
  'POST /api/v1/cases/:id/referrals/:rid/send': {
    method: 'post',
    path: r('send'),
    fields: { version: 'int', overrideReason: 'string' },
    valid: (ids) => ({ version: ids.referralVersion }),
  },
  'POST /api/v1/cases/:id/referrals/:rid/dismiss': {
    method: 'post',
    path: r('dismiss'),
    fields: { version: 'int', reason: 'string' },
    valid: (ids) => ({ version: ids.referralVersion, reason: 'Ikke relevant' }),
  },
  'POST /api/v1/cases/:id/referrals/:rid/withdraw': {
    method: 'post',
    path: r('withdraw'),
    fields: { version: 'int', reason: 'string' },
    valid: (ids) => ({ version: ids.referralVersion, reason: 'Fortrudt' }),
  },
  'POST /api/v1/cases/:id/referrals/:rid/answer': {
    method: 'post',
    path: r('answer'),
    fields: { version: 'int', status: 'enum', note: 'string' },
    valid: (ids) => ({ version: ids.referralVersion, status: 'accepted' }),
  },
  'POST /api/v1/partner-responses': {
    method: 'post',
    path: () => '/api/v1/partner-responses',
    fields: { referralId: 'uuid', status: 'enum', note: 'string', at: 'timestamp' },
    valid: () => ({ referralId: fx.sent.referral, status: 'acknowledged' }),
    public: true,
  },
  'POST /api/v1/partner-responses/:rid?token=': {
    method: 'post',
    path: () => `/api/v1/partner-responses/${fx.sent.referral}?token=${encodeURIComponent(tokenFor(fx.sent.referral))}`,
    fields: { status: 'enum', note: 'string' },
    valid: () => ({ status: 'acknowledged', note: 'Vi ringer' }),
    public: true,
  },
};

type QueryKind = 'page' | 'pageSize' | 'sort' | 'messageStatus' | 'kind' | 'bool' | 'token';
interface QueryRoute {
  path: () => string;
  params: Record<string, QueryKind>;
  /** Parameters every request carries (a valid token), so the fuzzed ones are what is judged. */
  base?: () => [string, string][];
  answer: 'page' | 'items' | 'link';
}
const QUERY_ROUTES: Record<string, QueryRoute> = {
  'GET /api/v1/partner-messages': {
    path: () => '/api/v1/partner-messages',
    params: { page: 'page', pageSize: 'pageSize', sort: 'sort', status: 'messageStatus' },
    answer: 'page',
  },
  'GET /api/v1/partners': { path: () => '/api/v1/partners', params: { kind: 'kind', active: 'bool' }, answer: 'items' },
  'GET /api/v1/partner-responses/:rid?token=': {
    path: () => `/api/v1/partner-responses/${fx.sent.referral}`,
    params: { token: 'token' },
    answer: 'link',
  },
};

const RUNS = { garbage: 25, typed: 25, nearly: 25, raw: 6, query: 25, badQuery: 25, rules: 40, callback: 40, link: 30 };

/** Every value any enum field of these DTOs accepts: a "wrong enum" string is none of them. */
const ENUM_VALUES = new Set<string>([
  ...PARTNER_KINDS,
  ...PARTNER_CHANNELS,
  ...CONTACT_KINDS,
  ...REFERRAL_PURPOSES,
  ...SHARED_DATA_ITEMS,
  ...CONSENT_CHANNELS,
  ...PARTNER_ANSWERS,
  ...ISO_639_1,
  ...['pending', 'delivered', 'dead', 'true', 'false'],
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let api: TestApi;
let world: TestWorld;
let admin: string;
let fx: Fixtures;
let linkKey: Buffer;

const tokenFor = (id: string, expires = new Date(Date.now() + 7 * 86_400_000)) => signRespondToken(linkKey, id, expires);

async function must(res: Promise<Response> | Response, status: number): Promise<Response> {
  const done = await res;
  if (done.status !== status) throw new Error(`fixture: ${requestLine(done)} -> ${done.status} ${done.text.slice(0, 500)}`);
  return done;
}

const asAdmin = (method: 'get' | 'post' | 'put', path: string, body?: object) => {
  const req = api.http()[method](path).set('Cookie', admin);
  return body === undefined ? req : req.send(body);
};

/** A case opened through intake, a consent of its tenant, and a proposed referral to the own counselling. */
async function caseFixture(): Promise<Ids> {
  const opened = await must(
    asAdmin('post', '/api/v1/cases', {
      tenancy: {
        departmentId: world.deptA,
        tenancyNumber: `RF-${++seq}-${randomUUID().slice(0, 6)}`,
        address: 'Fuzzvej 1',
        monthlyRentOre: 600000,
      },
      tenant: { name: 'Fuzz Jensen', phone: '20304050', email: 'fuzz@example.dk', preferredLanguage: 'da' },
      arrearsOre: 700000,
      childrenInHousehold: 1,
    }),
    201,
  );
  const caseId: string = opened.body.id;
  const persons = await must(asAdmin('get', `/api/v1/cases/${caseId}/consents`), 200);
  const person: string = persons.body.persons[0].personId;
  const consent = await must(
    asAdmin('post', `/api/v1/cases/${caseId}/consents`, {
      personId: person,
      recipientKind: 'volunteer',
      purpose: 'debt_counselling',
      dataItems: ['name', 'phone'],
      givenVia: 'written',
      givenAt: hourAgo(),
    }),
    201,
  );
  const proposed = await must(
    asAdmin('post', `/api/v1/cases/${caseId}/referrals`, { partnerId: fx.own, purpose: 'debt_counselling', send: false }),
    201,
  );
  const referral = proposed.body.items.find((x: { partnerId: string }) => x.partnerId === fx.own);
  return { case: caseId, person, consent: consent.body.id, referral: referral.id, referralVersion: referral.version };
}

beforeAll(async () => {
  api = await startTestApi();
  world = await new Factory(api.ds).world();
  admin = await api.login(world.users.admin.email);
  linkKey = api.app.get(MessageContent).key;
  const partner = async (body: object) =>
    (await must(asAdmin('post', '/api/v1/partners', body), 201)).body as { partner: { id: string }; secret: string };
  const own = await partner({
    kind: 'own_counselling',
    name: 'Egen rådgivning',
    channel: 'email',
    email: 'raad@forening.dk',
    departmentIds: [world.deptA],
  });
  const target = await partner(volunteerBody());
  const signer = await partner({
    kind: 'other',
    name: 'Lejerrådgivningen',
    channel: 'email',
    email: 'svar@lejer.dk',
    requiresConsent: false,
  });
  fx = {
    own: own.partner.id,
    target: target.partner.id,
    signer: { id: signer.partner.id, secret: signer.secret },
    sent: { case: '', referral: '' },
  };
  const ids = await caseFixture();
  const sent = await must(
    asAdmin('post', `/api/v1/cases/${ids.case}/referrals`, { partnerId: fx.signer.id, purpose: 'housing_advice', send: true }),
    201,
  );
  fx.sent = { case: ids.case, referral: sent.body.items.find((x: { partnerId: string }) => x.partnerId === fx.signer.id).id };
});
afterAll(() => api?.close());

/** Long field values (the whole-body size limit is probed by `huge` bodies; a megabyte per field only slows the run). */
const long = fc.constantFrom('x'.repeat(10_000), 'æøå'.repeat(5_000));
/** Values that are nearly right: edge times and numbers, real ids, enum values, municipality codes, URLs. */
const nearlyRight = () =>
  fc.oneof(
    fc.constantFrom('0000-01-01', '0001-01-01', '9999-12-31', '2026-02-29', '2028-02-29', '1970-01-01', '2099-12-31', '2100-01-01'),
    fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '1900-01-01T00:00:00Z',
      '2026-01-01T00:00:00+14:00',
      '9999-12-31T23:59:59Z',
      hourAgo(),
    ),
    fc.constantFrom(0, -1, 1, 2, 60, 61, 3650, 3651, 100_000, 100_001, 2 ** 31, 2 ** 53, 1e300, -0),
    fc.uuid(),
    fc.constantFrom(fx.own, fx.target, fx.signer.id, fx.sent.referral, fx.sent.case, world.deptA, world.deptB, world.users.admin.id),
    fc.constantFrom(...ENUM_VALUES),
    fc.constantFrom('101', '147', '999', '000', '1011'),
    fc.constantFrom('https://x.example/h', 'http://localhost:1/', 'javascript:alert(1)', 'https://', 'file:///etc/passwd', 'a@b.c', 'a@b'),
    fc.constantFrom('', ' ', '\u0000', 'x\u0000y', '\ud800', 'ø'.repeat(300), 'y'.repeat(2001)),
  );
const valueOfAnyKind = () =>
  fc.oneof(
    anyScalar,
    nearlyRight(),
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(nearlyRight(), { maxLength: 3 }),
    fc.uniqueArray(nearlyRight(), { maxLength: 3 }),
    long,
  );
/** An object using the route's own field names (with values of any type) plus unknown ones. */
const fieldsOfRoute = (fields: Record<string, FieldKind>) => fieldsOf(Object.keys(fields), valueOfAnyKind());

/** A request on a route: as the admin, unless the route is public. */
const requestOn = (route: BodyRoute, ids: Ids) => {
  const req = api.http()[route.method](route.path(ids));
  return route.public ? req : req.set('Cookie', admin);
};

/** Values of a type the field never accepts (null is left out: optional and nullable fields take it). */
function wrongFor(kind: FieldKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string':
    case 'enum':
    case 'boolean':
      return wrongScalar(kind, { enumValues: ENUM_VALUES, enumMaxLength: 8, longString: 5000 });
    case 'array':
      // Elements no list of these DTOs takes: numbers, null, and strings with a space and an upper-case letter.
      return fc.oneof(
        ...NOT_ARRAY,
        fc.array(
          fc.oneof(
            fc.integer(),
            fc.constant(null),
            fc.string({ maxLength: 8 }).map((s) => `X ${s}`),
          ),
          { minLength: 1, maxLength: 4 },
        ),
      );
    case 'int':
      return fc.oneof(
        fc.string(),
        fc.constantFrom('1', '5', '1.0'),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
        fc.array(fc.integer(), { maxLength: 2 }),
        smallObject,
      );
    case 'uuid':
      return fc.oneof(
        anyNumber,
        fc.boolean(),
        smallObject,
        fc.array(fc.uuid(), { maxLength: 2 }),
        fc.string({ maxLength: 40 }).filter((s) => !UUID.test(s)),
      );
    case 'object':
      return fc.oneof(anyNumber, fc.boolean(), fc.string(), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
    case 'timestamp':
      return fc.oneof(
        anyNumber,
        fc.boolean(),
        smallObject,
        shortStrings,
        fc.constantFrom('', 'i går', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z', 'now'),
      );
    case 'date':
      return fc.oneof(
        anyNumber,
        fc.boolean(),
        smallObject,
        shortStrings,
        fc.constantFrom('', '2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', '1999-12-31'),
      );
  }
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
);
const rawText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{',
    '{"rules":',
    '[1,2',
    'null',
    '"x"',
    '{"__proto__":{"version":1}}',
    '{"constructor":{"prototype":{}}}',
    'status=accepted',
    '\u0000',
  ),
);

describe.each(Object.entries(BODY_ROUTES))('%s', (_key, route) => {
  let ids: Ids;
  beforeAll(async () => {
    ids = await caseFixture();
  });
  const send = (body: unknown) => sendJson(requestOn(route, ids), body);

  it('any JSON body gets a sane answer', async () => {
    await expectSaneForAll(fc.oneof(anyJson, fieldsOfRoute(route.fields)), send, RUNS.garbage);
  });

  it('a valid body with one field off gets a sane answer', async () => {
    const change = fc.tuple(
      fc.constantFrom(...Object.keys(route.fields), 'zzUnknown'),
      fc.option(valueOfAnyKind(), { nil: undefined, freq: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(change, async ([field, value]) => {
        const body: Record<string, unknown> = { ...route.valid(ids), [field]: value };
        if (value === undefined) delete body[field];
        expectSane(await send(body), body);
      }),
      { numRuns: RUNS.nearly },
    );
  });

  it('a known field of the wrong type is a 422 naming the field', async () => {
    const fieldAndValue = fieldWithWrongValue(route.fields, wrongFor);
    await fc.assert(
      fc.asyncProperty(fieldAndValue, fc.boolean(), fc.boolean(), async ([field, value], withUnknown, onValid) => {
        const body = { ...(onValid ? route.valid(ids) : {}), [field]: value, ...(withUnknown ? { zzUnknownField: 1 } : {}) };
        const res = await send(body);
        expectSane(res, body);
        const fields = expect422(res, JSON.stringify(body).slice(0, 300));
        if (!fields.includes(field))
          throw new Error(`422 for ${JSON.stringify(body).slice(0, 300)} does not name ${field}: ${JSON.stringify(fields)}`);
        if (withUnknown) expect(fields).toContain('zzUnknownField');
      }),
      { numRuns: RUNS.typed },
    );
  });

  it('raw text under any content type gets a sane answer', async () => {
    await expectSaneForAll(
      fc.record({ type: contentTypes, body: rawText }),
      ({ type, body }) => sendRaw(requestOn(route, ids), type, body),
      RUNS.raw,
    );
  });
});

/** Query values that each declared parameter must refuse. */
function badQueryValue(kind: QueryKind): fc.Arbitrary<string | string[]> {
  switch (kind) {
    case 'page':
      return fc.oneof(
        fc.constantFrom('0', '-1', '1.5', 'abc', '', '1e400', 'NaN', '0x10'),
        fc.integer({ min: 100_001 }).map(String),
        repeatedParam,
      );
    case 'pageSize':
      return BAD_PAGE_SIZE;
    case 'sort':
      // The dead letter has one fixed order: any well-formed sort is taken (and ignored); only malformed ones are refused.
      return fc.oneof(fc.constantFrom('', '-', 'createdAt;drop table', 'a,,b', '--a', 'a'.repeat(201), 'created_at'), repeatedParam);
    case 'messageStatus':
      return fc.oneof(
        fc.string({ maxLength: 10 }).filter((s) => !['pending', 'delivered', 'dead'].includes(s)),
        fc.constantFrom('Dead', 'all'),
        repeatedParam,
      );
    case 'kind':
      return fc.oneof(
        fc.string({ maxLength: 10 }).filter((s) => !(PARTNER_KINDS as readonly string[]).includes(s)),
        fc.constantFrom('Municipal', 'bank'),
        repeatedParam,
      );
    case 'bool':
      return BAD_FLAG;
    case 'token':
      return fc.oneof(fc.string({ minLength: 501, maxLength: 700 }), repeatedParam);
  }
}

describe.each(Object.entries(QUERY_ROUTES))('%s', (_key, route) => {
  const get = (qs: string) => api.http().get(`${route.path()}?${qs}`).set('Cookie', admin);

  it('any query string gets a sane answer', async () => {
    await fc.assert(
      fc.asyncProperty(anyQueryParams(Object.keys(route.params), nearlyRight().map(String)), async (params) => {
        const res = await get(queryString(params));
        expectSane(res, params);
        if (res.status === 200) {
          if (route.answer === 'page')
            expect(res.body).toMatchObject({ items: expect.any(Array), page: expect.any(Number), total: expect.any(Number) });
          else if (route.answer === 'items') expect(res.body).toMatchObject({ items: expect.any(Array) });
          else throw new Error(`a link answered 200 without a valid token: ${JSON.stringify(params)}`);
        }
        if (route.answer === 'link') expectStatusIn(res, [401, 422], params);
      }),
      { numRuns: RUNS.query },
    );
  });

  it('a bad value for a declared parameter is a 422 naming it', async () => {
    await expectBadParamsRefused(route.params, badQueryValue, get, RUNS.badQuery);
  });

  it('an unknown parameter is a 422 naming it', async () => {
    const valid = route.answer === 'link' ? `token=${encodeURIComponent(tokenFor(fx.sent.referral))}&` : '';
    const res = await get(`${valid}zzUnknown=1`);
    expectSane(res, 'zzUnknown');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'zzUnknown', reason: 'whitelistValidation' })]),
    );
  });
});

/** Every path of a JSON document, as arrays of keys (array indexes as numbers). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}
const RULE_PATHS = pathsOf(DEFAULT_ROUTING_RULES).filter((p) => p.length > 0);

/** The default rules with the value at `path` replaced (undefined: removed). */
function rulesWith(path: (string | number)[], value: unknown): Record<string, unknown> {
  const doc = structuredClone(DEFAULT_ROUTING_RULES) as unknown as Record<string, unknown>;
  let at: Record<string | number, unknown> = doc;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return doc;
}

/** Values a rules document may hold at any place: the right types with values at and past their bounds, and wrong ones. */
const ruleValue = () =>
  fc.option(
    fc.oneof(
      anyScalar,
      fc.constantFrom(-366, -365, -1, 0, 10, 11, 100, 101, 365, 366, 1.5, 2 ** 53, 1e300),
      fc.constantFrom(
        ...STAGES,
        ...RISK_LEVELS,
        ...PARTNER_KINDS,
        ...REFERRAL_PURPOSES,
        'confirm',
        'send_without_consent',
        'own-debt-counselling',
        ' ',
        'x'.repeat(65),
      ),
      fc.constantFrom(['demand', 'demand'], [...STAGES, 'court'], [], [{}], {}),
      fc.jsonValue({ maxDepth: 3 }),
      long,
    ),
    { nil: undefined, freq: 8 },
  );

/** A 422 about routing rules names every problem by a path under `rules`. */
function expectRulesPaths(res: Response, input: unknown): string[] {
  const fields = fieldsOfError(res);
  if (res.body.code !== 'validation_failed' || fields.length === 0 || !fields.every((f) => f === 'rules' || f.startsWith('rules.'))) {
    throw new Error(`422 without rules field paths for ${JSON.stringify(input)?.slice(0, 300)}: ${res.text.slice(0, 400)}`);
  }
  return fields;
}

// PostgreSQL stores neither NUL (in text or as \u0000 in jsonb) nor a lone surrogate (in jsonb, where case events and
// routing rules live): free text holding one was a 500 at the INSERT. It is refused as input, naming the field.
describe('free text PostgreSQL cannot store is a 422 naming the field, never a 500', () => {
  const UNSTORABLE = ['x\u0000y', '\u0000', 'a\ud800', '\udc00b'];
  const cases = Object.entries(BODY_ROUTES).flatMap(([key, route]) =>
    Object.entries(route.fields)
      .filter(([, kind]) => kind === 'string')
      .map(([field]) => [key, field] as const),
  );
  let ids: Ids;
  beforeAll(async () => {
    ids = await caseFixture();
  });
  it.each(cases)('%s %s', async (key, field) => {
    const route = BODY_ROUTES[key]!;
    for (const value of UNSTORABLE) {
      const body = { ...route.valid(ids), [field]: value };
      const res = await requestOn(route, ids).send(body);
      expectSane(res, body);
      expect({ value, status: res.status }).toEqual({ value, status: 422 });
      expect(fieldsOfError(res)).toContain(field);
    }
  });

  it.each([
    ['rules', 0, 'label'],
    ['rules', 2, 'id'],
  ])('PUT /api/v1/referrals/routing-rules with %s.%s.%s', async (list, index, key) => {
    for (const value of UNSTORABLE) {
      const body = { rules: rulesWith([list, index, key], value) };
      const res = await asAdmin('put', '/api/v1/referrals/routing-rules', body);
      expectSane(res, body);
      expect({ value, status: res.status }).toEqual({ value, status: 422 });
      expect(fieldsOfError(res)).toContain(`rules.${list}.${index}.${key}`);
    }
  });
});

describe('routing rules take any nested JSON and answer with field paths', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await caseFixture()).case;
  });
  const put = (body: unknown) => asAdmin('put', '/api/v1/referrals/routing-rules', body as object);
  const dryRun = (body: unknown) => asAdmin('post', `/api/v1/cases/${caseId}/routing/dry-run`, body as object);
  const arbitraryRules = fc.oneof(
    fc.dictionary(fc.oneof(fc.constantFrom('rules', 'preferences', 'auto'), fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 4 }), {
      maxKeys: 5,
    }),
    fc.record({
      rules: fc.array(
        fc.dictionary(
          fc.constantFrom('id', 'label', 'enabled', 'partnerKind', 'purpose', 'stages', 'weight'),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        { maxLength: 3 },
      ),
      preferences: fc.jsonValue({ maxDepth: 2 }),
      auto: fc.jsonValue({ maxDepth: 2 }),
    }),
  );

  it.each([
    ['PUT /api/v1/referrals/routing-rules', put, [200, 400, 409, 422]],
    ['POST /api/v1/cases/:id/routing/dry-run', dryRun, [200, 400, 422]],
  ] as const)('%s: arbitrary nested rules are never a 500', async (_key, call, statuses) => {
    await fc.assert(
      fc.asyncProperty(arbitraryRules, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), async (rules, version) => {
        const body = call === put ? { rules, ...(version === undefined ? {} : { version }) } : { rules };
        const res = await call(body);
        expectSane(res, body);
        expectStatusIn(res, [...statuses], body);
        if (res.status === 422) expectRulesPaths(res, body);
      }),
      { numRuns: RUNS.rules },
    );
  });

  it.each([
    ['PUT /api/v1/referrals/routing-rules', put, [200, 400, 409, 422]],
    ['POST /api/v1/cases/:id/routing/dry-run', dryRun, [200, 400, 422]],
  ] as const)('%s: the defaults with one value changed are accepted or refused naming that place', async (_key, call, statuses) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...RULE_PATHS), ruleValue(), async (path, value) => {
        const body = { rules: rulesWith(path, value) };
        const res = await call(body);
        expectSane(res, body);
        expectStatusIn(res, [...statuses], { path, value });
        if (res.status !== 422) return;
        const fields = expectRulesPaths(res, { path, value });
        const changed = ['rules', ...path].join('.');
        const related = fields.some((f) => f === changed || f.startsWith(`${changed}.`) || changed.startsWith(`${f}.`));
        const duplicate = (res.body.errors as { reason: string }[]).some((e) => e.reason === 'duplicate');
        if (!related && !duplicate)
          throw new Error(`changing ${changed} to ${JSON.stringify(value)?.slice(0, 100)} is refused elsewhere: ${JSON.stringify(fields)}`);
      }),
      { numRuns: RUNS.rules },
    );
  });
});

/** Header values a client can send: printable ASCII (Node refuses control characters before they leave). */
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e3',
    '999999999999999',
    '9999999999999999',
    String(Math.floor(Date.now() / 1000)),
    String(Math.floor(Date.now() / 1000) - 301),
  ),
  fc.constantFrom('v1,', 'v1,AAAA', 'v2,abc', 'v1,' + 'A'.repeat(44), 'v1,x v1,y v1,z', 'whsec_AAAA', 'v1,' + 'A'.repeat(4000)),
  fc.string({ minLength: 200, maxLength: 2000 }),
);
const webhookHeaderName = fc.oneof(
  fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature', 'Webhook-Id', 'WEBHOOK-SIGNATURE', 'Webhook-Timestamp'),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((s) => `webhook-${s}`),
);
const webhookHeadersArb = fc.dictionary(webhookHeaderName, fc.oneof(headerValue, fc.array(headerValue, { minLength: 2, maxLength: 3 })), {
  maxKeys: 5,
});
const WEBHOOK_REJECTIONS = ['missing_headers', 'bad_timestamp', 'timestamp_too_old', 'timestamp_too_new', 'bad_signature'];

describe('POST /api/v1/partner-responses: any body under any webhook headers', () => {
  const post = (raw: string, headers: Record<string, string | string[]>) => {
    const req = api.http().post('/api/v1/partner-responses');
    for (const [name, value] of Object.entries(headers)) req.set(name, value as string);
    return sendRaw(req, 'application/json', raw);
  };
  const answerBody = () =>
    fc.record(
      {
        referralId: fc.oneof(fc.constant(fx.sent.referral), fc.uuid()),
        status: fc.constantFrom(...PARTNER_ANSWERS),
        note: fc.string({ maxLength: 50 }),
        at: fc.constant(hourAgo()),
      },
      { requiredKeys: ['referralId', 'status'] },
    );

  it('unsigned or wrongly signed: a sane 400, 401, 413 or 422, never 200', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyJson, fieldsOfRoute(BODY_ROUTES['POST /api/v1/partner-responses'].fields), answerBody()),
        webhookHeadersArb,
        async (body, headers) => {
          const res = await post(JSON.stringify(body) ?? 'null', headers);
          expectSane(res, { body, headers });
          expectStatusIn(res, [400, 401, 413, 422], { body, headers });
        },
      ),
      { numRuns: RUNS.callback },
    );
  });

  it('a valid answer under arbitrary webhook headers is a 401 giving the reason', async () => {
    await fc.assert(
      fc.asyncProperty(answerBody(), webhookHeadersArb, async (body, headers) => {
        const res = await post(JSON.stringify(body), headers);
        expectSane(res, { body, headers });
        expectStatusIn(res, [401], { body, headers });
        expect(WEBHOOK_REJECTIONS).toContain(res.body.reason);
      }),
      { numRuns: RUNS.callback },
    );
  });

  it('correctly signed, any body and any webhook-id: sane; a replay answers the same, or 409 after a 200', async () => {
    const webhookId = fc.oneof(
      fc.uuid().map((u) => `msg_${u}`),
      fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''),
      fc.string({ minLength: 2000, maxLength: 6000 }),
    );
    const body = fc.oneof(
      anyJson,
      fieldsOfRoute(BODY_ROUTES['POST /api/v1/partner-responses'].fields),
      answerBody(),
      answerBody(),
      answerBody(),
    );
    await fc.assert(
      fc.asyncProperty(body, webhookId, async (b, id) => {
        const raw = JSON.stringify(b) ?? 'null';
        const headers = webhookHeaders([fx.signer.secret], id, Math.floor(Date.now() / 1000), raw);
        const first = await post(raw, headers);
        const input = { body: b, id: id.slice(0, 80) };
        expectSane(first, input);
        expectStatusIn(first, [200, 400, 401, 409, 413, 422], input);
        const again = await post(raw, headers);
        expectSane(again, input);
        expect({ input, status: again.status }).toEqual({ input, status: first.status === 200 ? 409 : first.status });
      }),
      { numRuns: RUNS.callback },
    );
  });

  // Remembering a webhook-id for replay detection puts it in a btree index, which holds at most ~2.7 kB per entry:
  // a partner's correctly signed answer with a longer id was a 500 (index row size exceeds maximum).
  it('a long random webhook-id, correctly signed, is a 422 naming webhook-id, not a 500', async () => {
    const answer = JSON.stringify({ referralId: fx.sent.referral, status: 'declined' });
    for (const length of [257, 3000, 8000]) {
      const id = Array.from({ length }, () => String.fromCharCode(33 + Math.floor(Math.random() * 94))).join('');
      const res = await post(answer, webhookHeaders([fx.signer.secret], id, Math.floor(Date.now() / 1000), answer));
      expectSane(res, { length });
      expect({ length, status: res.status }).toEqual({ length, status: 422 });
      expect(fieldsOfError(res)).toContain('webhook-id');
    }
    const ok = await post(answer, webhookHeaders([fx.signer.secret], 'x'.repeat(256), Math.floor(Date.now() / 1000), answer));
    expectSane(ok, 'id of 256');
    expectStatusIn(ok, [200, 409], 'id of 256');
  });
});

describe('/api/v1/partner-responses/:rid?token=: arbitrary tokens', () => {
  let ids: Ids;
  beforeAll(async () => {
    ids = await caseFixture();
  });
  const nearlyTokens = () =>
    fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.stringMatching(/^\d{1,15}\.[A-Za-z0-9_-]{43}$/),
      fc.constantFrom(
        tokenFor(ids.referral),
        tokenFor(fx.sent.referral, new Date(Date.now() - 1000)),
        tokenFor(fx.sent.referral).slice(0, -1),
        `${tokenFor(fx.sent.referral)}=`,
        tokenFor(fx.sent.referral).replace(/^\d+/, '9'.repeat(15)),
        tokenFor(fx.sent.referral).replace(/^\d+/, '9'.repeat(16)),
        '0.' + 'A'.repeat(43),
      ),
      fc.string({ minLength: 400, maxLength: 600 }),
      fc.array(fc.string({ maxLength: 10 }), { minLength: 2, maxLength: 3 }),
    );
  const view = (rid: string, token: string | string[] | null) =>
    api.http().get(`/api/v1/partner-responses/${rid}${token === null ? '' : `?${queryString([['token', token]])}`}`);
  const answer = (rid: string, token: string | string[] | null, body: unknown) =>
    sendJson(api.http().post(`/api/v1/partner-responses/${rid}${token === null ? '' : `?${queryString([['token', token]])}`}`), body);

  it('a valid token shows the referral; without one or with another referral’s it is a 422 or 401', async () => {
    const res = await view(fx.sent.referral, tokenFor(fx.sent.referral));
    expectSane(res, 'valid');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'referral', allowed: expect.any(Array) });
    expect((await view(fx.sent.referral, null)).status).toBe(422);
    expect((await view(fx.sent.referral, tokenFor(ids.referral))).status).toBe(401);
  });

  it('GET and POST with any token but the right one: a sane 401 or 422', async () => {
    await fc.assert(
      fc.asyncProperty(
        nearlyTokens(),
        fc.constantFrom('get', 'post'),
        fc.constantFrom(...PARTNER_ANSWERS),
        async (token, method, status) => {
          const res = method === 'get' ? await view(fx.sent.referral, token) : await answer(fx.sent.referral, token, { status });
          expectSane(res, { method, token });
          expectStatusIn(res, [401, 422], { method, token });
        },
      ),
      { numRuns: RUNS.link },
    );
  });

  it('any referral id in the path, with any token, is sane', async () => {
    const rid = fc.oneof(
      fc.uuid(),
      fc.string({ minLength: 1, maxLength: 40 }).map(enc),
      fc.constantFrom(fx.sent.referral, ids.referral, ids.case, '0', '%00', '..'),
    );
    await fc.assert(
      fc.asyncProperty(
        rid,
        fc.oneof(
          nearlyTokens(),
          rid.map((x) => tokenFor(decodeURIComponent(x))),
        ),
        async (id, token) => {
          const res = await view(id, token);
          expectSane(res, { id, token });
          expect(res.status).not.toBe(500);
        },
      ),
      { numRuns: RUNS.link },
    );
  });

  it('with a valid token, any body: a sane 200, 409, 413 or 422', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson,
          fieldsOfRoute({ status: 'enum', note: 'string' }),
          fc.record(
            { status: fc.constantFrom(...PARTNER_ANSWERS), note: fc.option(fc.string(), { nil: undefined }) },
            { requiredKeys: ['status'] },
          ),
        ),
        async (body) => {
          const res = await answer(ids.referral, tokenFor(ids.referral), body);
          expectSane(res, body);
          expectStatusIn(res, [200, 400, 409, 413, 422], body);
        },
      ),
      { numRuns: RUNS.link },
    );
  });
});
