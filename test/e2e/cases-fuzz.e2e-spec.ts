import fc from 'fast-check';
import { BUDGET_FREQUENCIES, CASE_OUTCOMES, CREDITOR_KINDS, isIsoDate, RISK_LEVELS, STAGES } from '@forebyg/domain';
import { CASE_EVENT_KINDS } from '@forebyg/cases';
import { Factory, TestWorld } from '../support/factories.js';
import {
  anyJson,
  anyNumber,
  anyQueryParams,
  anyScalar,
  BAD_FLAG,
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
  NOT_STRING,
  queryString,
  repeatedParam,
  sendJson,
  sendRaw,
  shortStrings,
  smallObject,
  wrongScalar,
} from '../support/fuzz.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * Garbage in, never a 500 out, for the case workbench: every case route that takes a body or a query gets
 * generated nonsense as an admin (who holds every case permission). Whatever happens, the answer is below 500,
 * is the one JSON error body when it is an error, and carries no stack trace; a known field of the wrong type
 * is a 422 naming that field (nested fields by their dotted path). Modelled on validation-fuzz.e2e-spec.ts.
 */
type FieldKind = 'string' | 'enum' | 'boolean' | 'array' | 'int' | 'date' | 'uuid' | 'object' | 'timestamp';

interface Ids {
  case: string;
  task: string;
  line: string;
  debt: string;
  agreement: string;
  instalment: string;
  application: string;
  note: string;
}

interface BodyRoute {
  method: 'post' | 'patch';
  path: (ids: Ids) => string;
  /** Field paths (dotted for nested objects, with array indexes) and their kinds. */
  fields: Record<string, FieldKind>;
}

const c = (rest = '') => (ids: Ids) => `/api/v1/cases/${ids.case}${rest}`;
const DATES = ['oldestDueDate', 'demandSentDate', 'terminationDate', 'legalHandoverDate', 'courtFiledDate', 'evictionDate'];
const datesFields = Object.fromEntries(DATES.map((d) => [`dates.${d}`, 'date' as const]));

const BODY_ROUTES: Record<string, BodyRoute> = {
  'POST /api/v1/cases': {
    method: 'post',
    path: () => '/api/v1/cases',
    fields: {
      tenancyId: 'uuid',
      tenancy: 'object',
      'tenancy.departmentId': 'uuid',
      'tenancy.tenancyNumber': 'string',
      'tenancy.address': 'string',
      'tenancy.unit': 'string',
      'tenancy.postalCode': 'string',
      'tenancy.monthlyRentOre': 'int',
      tenant: 'object',
      'tenant.name': 'string',
      'tenant.cpr': 'string',
      'tenant.phone': 'string',
      'tenant.email': 'string',
      'tenant.preferredLanguage': 'string',
      stage: 'enum',
      arrearsOre: 'int',
      childrenInHousehold: 'int',
      dates: 'object',
      ...datesFields,
      firstContact: 'object',
      'firstContact.channel': 'enum',
      'firstContact.reached': 'boolean',
      'firstContact.summary': 'string',
      assignedCounsellorId: 'uuid',
      responsibleCaseworkerId: 'uuid',
    },
  },
  'PATCH /api/v1/cases/:id': {
    method: 'patch',
    path: c(),
    fields: { version: 'int', arrearsOre: 'int', childrenInHousehold: 'int', dates: 'object', ...datesFields },
  },
  'POST /api/v1/cases/:id/stage': { method: 'post', path: c('/stage'), fields: { version: 'int', stage: 'enum', reason: 'string', date: 'date' } },
  'POST /api/v1/cases/:id/assign': {
    method: 'post',
    path: c('/assign'),
    fields: { version: 'int', assignedCounsellorId: 'uuid', responsibleCaseworkerId: 'uuid' },
  },
  'POST /api/v1/cases/bulk-assign': {
    method: 'post',
    path: () => '/api/v1/cases/bulk-assign',
    fields: { caseIds: 'array', assignedCounsellorId: 'uuid', responsibleCaseworkerId: 'uuid' },
  },
  'POST /api/v1/cases/:id/risk-override': { method: 'post', path: c('/risk-override'), fields: { version: 'int', level: 'enum', reason: 'string' } },
  'POST /api/v1/cases/:id/close': { method: 'post', path: c('/close'), fields: { version: 'int', outcome: 'enum', note: 'string' } },
  'POST /api/v1/cases/:id/reopen': { method: 'post', path: c('/reopen'), fields: { version: 'int', reason: 'string' } },
  'POST /api/v1/cases/:id/contacts': {
    method: 'post',
    path: c('/contacts'),
    fields: { channel: 'enum', reached: 'boolean', direction: 'enum', at: 'timestamp', summary: 'string' },
  },
  'POST /api/v1/cases/:id/tasks': { method: 'post', path: c('/tasks'), fields: { title: 'string', dueDate: 'date', assigneeId: 'uuid' } },
  'PATCH /api/v1/cases/:id/tasks/:taskId': {
    method: 'patch',
    path: (ids) => c(`/tasks/${ids.task}`)(ids),
    fields: { version: 'int', title: 'string', dueDate: 'date', assigneeId: 'uuid', done: 'boolean' },
  },
  'POST /api/v1/cases/:id/budget-lines': {
    method: 'post',
    path: c('/budget-lines'),
    fields: { kind: 'enum', label: 'string', amountOre: 'int', frequency: 'enum' },
  },
  'PATCH /api/v1/cases/:id/budget-lines/:lineId': {
    method: 'patch',
    path: (ids) => c(`/budget-lines/${ids.line}`)(ids),
    fields: { version: 'int', kind: 'enum', label: 'string', amountOre: 'int', frequency: 'enum' },
  },
  'POST /api/v1/cases/:id/debts': {
    method: 'post',
    path: c('/debts'),
    fields: { creditor: 'string', creditorKind: 'enum', amountOre: 'int', note: 'string' },
  },
  'PATCH /api/v1/cases/:id/debts/:debtId': {
    method: 'patch',
    path: (ids) => c(`/debts/${ids.debt}`)(ids),
    fields: { version: 'int', creditor: 'string', creditorKind: 'enum', amountOre: 'int', note: 'string' },
  },
  'POST /api/v1/cases/:id/agreements': {
    method: 'post',
    path: c('/agreements'),
    fields: {
      agreedDate: 'date',
      note: 'string',
      instalments: 'array',
      'instalments.0': 'object',
      'instalments.0.dueDate': 'date',
      'instalments.0.amountOre': 'int',
    },
  },
  'PATCH /api/v1/cases/:id/agreements/:agreementId': {
    method: 'patch',
    path: (ids) => c(`/agreements/${ids.agreement}`)(ids),
    fields: { version: 'int', status: 'enum', note: 'string' },
  },
  'PATCH /api/v1/cases/:id/instalments/:instalmentId': {
    method: 'patch',
    path: (ids) => c(`/instalments/${ids.instalment}`)(ids),
    fields: { version: 'int', status: 'enum', paidDate: 'date' },
  },
  'POST /api/v1/cases/:id/applications': {
    method: 'post',
    path: c('/applications'),
    fields: { kind: 'enum', status: 'enum', submittedDate: 'date', note: 'string' },
  },
  'PATCH /api/v1/cases/:id/applications/:applicationId': {
    method: 'patch',
    path: (ids) => c(`/applications/${ids.application}`)(ids),
    fields: { version: 'int', status: 'enum', submittedDate: 'date', decidedDate: 'date', amountOre: 'int', note: 'string' },
  },
  'POST /api/v1/cases/:id/notes': { method: 'post', path: c('/notes'), fields: { body: 'string' } },
  'PATCH /api/v1/cases/:id/notes/:noteId': {
    method: 'patch',
    path: (ids) => c(`/notes/${ids.note}`)(ids),
    fields: { version: 'int', body: 'string' },
  },
  'POST /api/v1/cases/search-cpr': { method: 'post', path: () => '/api/v1/cases/search-cpr', fields: { cpr: 'string' } },
};

type QueryKind = 'page' | 'pageSize' | 'sort' | 'text' | 'uuid' | 'assignee' | 'status' | 'stages' | 'riskLevels' | 'bool' | 'days' | 'kinds' | 'version';
const PAGE_QUERY: Record<string, QueryKind> = { page: 'page', pageSize: 'pageSize', sort: 'sort' };
const CASE_QUERY: Record<string, QueryKind> = {
  ...PAGE_QUERY,
  assignee: 'assignee',
  status: 'status',
  stage: 'stages',
  riskLevel: 'riskLevels',
  departmentId: 'uuid',
  overdueTasks: 'bool',
  noContactDays: 'days',
  q: 'text',
  caseNumber: 'text',
};
interface QueryRoute {
  method: 'get' | 'delete';
  path: (ids: Ids) => string;
  params: Record<string, QueryKind>;
  /** The answer on success: a page of items (default), CSV, or a case. */
  answer?: 'page' | 'csv' | 'case' | 'items';
}
const QUERY_ROUTES: Record<string, QueryRoute> = {
  'GET /api/v1/cases': { method: 'get', path: () => '/api/v1/cases', params: CASE_QUERY },
  'GET /api/v1/cases/export.csv': { method: 'get', path: () => '/api/v1/cases/export.csv', params: CASE_QUERY, answer: 'csv' },
  'GET /api/v1/cases/assignees': { method: 'get', path: () => '/api/v1/cases/assignees', params: { departmentId: 'uuid' }, answer: 'items' },
  'GET /api/v1/cases/:id/timeline': { method: 'get', path: c('/timeline'), params: { ...PAGE_QUERY, kind: 'kinds' } },
  'DELETE /api/v1/cases/:id/budget-lines/:lineId': {
    method: 'delete',
    path: (ids) => c(`/budget-lines/${ids.line}`)(ids),
    params: { version: 'version' },
    answer: 'case',
  },
  'DELETE /api/v1/cases/:id/debts/:debtId': { method: 'delete', path: (ids) => c(`/debts/${ids.debt}`)(ids), params: { version: 'version' }, answer: 'case' },
};

const RUNS = { garbage: 10, typed: 12, raw: 4, query: 10, badQuery: 10 };

/** Every value any enum field of the case DTOs accepts: a "wrong enum" string is none of them. */
const ENUM_VALUES = new Set<string>([
  ...STAGES,
  ...RISK_LEVELS,
  ...CASE_OUTCOMES,
  ...CREDITOR_KINDS,
  ...BUDGET_FREQUENCIES,
  ...['letter', 'sms', 'phone', 'home_visit', 'meeting', 'email', 'outbound', 'inbound', 'income', 'expense'],
  ...['municipal_aid', 'housing_benefit', 'planned', 'submitted', 'granted', 'rejected', 'withdrawn', 'pending', 'paid', 'missed'],
  ...['completed', 'broken', 'cancelled'],
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let api: TestApi;
let world: TestWorld;
let admin: string;
let seq = 0;

beforeAll(async () => {
  api = await startTestApi();
  world = await new Factory(api.ds).world();
  admin = await api.login(world.users.admin.email);
});
afterAll(() => api?.close());

/**
 * A case with one of every part, written straight to the database (fast: the fuzzing is what goes through the
 * api). The admin is the note's author, so a valid note edit reaches the service.
 */
async function caseWithParts(): Promise<Ids> {
  seq++;
  const f = new Factory(api.ds);
  const tenancy = await f.tenancy(world.organisationId, world.deptA, `FUZZ-${seq}`);
  await f.person(world.organisationId, tenancy, { name: `Fuzz ${seq}` });
  const caseId = await f.caseFile(world.organisationId, tenancy);
  const one = async (sql: string, params: unknown[] = []) => ((await api.ds.query(sql, [caseId, ...params])) as { id: string }[])[0].id;
  const agreement = await one(`INSERT INTO payment_agreement (case_id, agreed_date) VALUES ($1, current_date) RETURNING id`);
  const [instalment] = await api.ds.query(
    `INSERT INTO agreement_instalment (agreement_id, seq, due_date, amount_ore) VALUES ($1, 1, current_date, 100) RETURNING id`,
    [agreement],
  );
  return {
    case: caseId,
    task: await one(`INSERT INTO case_task (case_id, title, due_date) VALUES ($1, 'T', current_date) RETURNING id`),
    line: await one(`INSERT INTO budget_line (case_id, kind, label, amount_ore) VALUES ($1, 'income', 'L', 100) RETURNING id`),
    debt: await one(`INSERT INTO case_debt (case_id, creditor, creditor_kind, amount_ore) VALUES ($1, 'D', 'bank', 100) RETURNING id`),
    application: await one(`INSERT INTO case_application (case_id, kind) VALUES ($1, 'municipal_aid') RETURNING id`),
    note: await one(`INSERT INTO case_note (case_id, author_id, body) VALUES ($1, $2, 'N') RETURNING id`, [world.users.admin.id]),
    agreement,
    instalment: instalment.id,
  };
}

/** Values that are nearly right: edge dates, edge numbers, real-looking ids. */
const nearlyRight = fc.oneof(
  fc.constantFrom('0000-01-01', '0001-01-01', '9999-12-31', '2026-02-29', '2028-02-29', '1970-01-01', '2026-12-24'),
  fc.constantFrom('0000-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '2026-01-01T00:00:00+14:00', '2026-01-01'),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, 10_000_000_000, 10_000_000_001, 1e300, -0),
  fc.uuid(),
  fc.constantFrom(...ENUM_VALUES),
  fc.constantFrom('', ' ', '\u0000', 'ø'.repeat(300), '010190-1234', '0101901234'),
);
/** An object using the route's own (top-level) field names, with values of any type, plus unknown ones. */
const fieldsOfRoute = (fields: Record<string, FieldKind>) =>
  fieldsOf(
    [...new Set(Object.keys(fields).map((f) => f.split('.')[0]))],
    fc.oneof(anyScalar, nearlyRight, fc.jsonValue({ maxDepth: 2 }), fc.array(nearlyRight, { maxLength: 3 }), huge),
  );

/** Values of a type the field never accepts (null is left out: optional fields treat it as absent). */
function wrongFor(kind: FieldKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string':
      return fc.oneof(fc.oneof(...NOT_STRING), fc.constant('y'.repeat(20_001)));
    case 'enum':
    case 'boolean':
      return wrongScalar(kind, { enumValues: ENUM_VALUES, enumMaxLength: 12, longString: 20_001 });
    case 'array':
      return fc.oneof(...NOT_ARRAY, fc.constant([]), BAD_LIST_ITEMS);
    case 'int':
      return fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
        fc.string({ maxLength: 6 }),
        fc.integer({ min: 1, max: 9999 }).map(String),
        fc.boolean(),
        shortStrings,
        smallObject,
      );
    case 'date':
      return fc.oneof(
        ...NOT_STRING,
        fc.string({ maxLength: 12 }).filter((s) => !isIsoDate(s)),
        fc.constantFrom('2026-02-30', '2026-13-01', '2026-1-1', '01-01-2026', '2026-01-01T00:00:00Z', 'today', '0000-01-01'),
      );
    case 'uuid':
      return fc.oneof(...NOT_STRING, fc.string({ maxLength: 40 }).filter((s) => !UUID.test(s)), fc.constant("' OR 1=1 --"));
    case 'object':
      return fc.oneof(anyNumber, fc.boolean(), fc.string({ maxLength: 10 }), fc.constant([]), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }));
    case 'timestamp':
      return fc.oneof(
        ...NOT_STRING,
        fc.stringMatching(/^[a-z ]{0,12}$/),
        fc.constantFrom('2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z', 'yesterday', '1/1/2026'),
      );
  }
}

/** `{}` with `value` set at a dotted path (numeric segments make arrays). */
function bodyWith(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  const root: Record<string, unknown> = {};
  let cur: any = root;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) cur[part] = value;
    else {
      cur[part] ??= /^\d+$/.test(parts[i + 1]) ? [] : {};
      cur = cur[part];
    }
  });
  return root;
}

describe.each(Object.entries(BODY_ROUTES))('%s', (_key, route) => {
  let ids: Ids;
  beforeAll(async () => {
    ids = await caseWithParts();
  });
  const request = () => api.http()[route.method](route.path(ids)).set('Cookie', admin);
  const send = (body: unknown) => sendJson(request(), body);

  it('any JSON body gets a sane answer', async () => {
    await expectSaneForAll(fc.oneof(anyJson, fieldsOfRoute(route.fields)), send, RUNS.garbage);
  });

  it('a known field of the wrong type is a 422 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fieldWithWrongValue(route.fields, wrongFor), fc.boolean(), async ([field, value], withUnknown) => {
        const body = { ...bodyWith(field, value), ...(withUnknown ? { zzUnknownField: 1 } : {}) };
        const res = await send(body);
        expectSane(res, body);
        const fields = expect422(res, JSON.stringify(body).slice(0, 300));
        // A nested field may be named by its own path, a path inside it (instalments → instalments.0), or the
        // list that holds it (an instalment that is not an object is an error of `instalments`).
        if (!fields.some((f: string) => f === field || f.startsWith(`${field}.`) || field.startsWith(`${f}.`))) throw new Error(`422 for ${JSON.stringify(body).slice(0, 200)} does not name ${field}: ${JSON.stringify(fields)}`);
        if (withUnknown) expect(fields).toContain('zzUnknownField');
      }),
      { numRuns: RUNS.typed },
    );
  });

  it('raw text under any content type gets a sane answer', async () => {
    const contentTypes = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/octet-stream');
    const text = fc.oneof(fc.string(), fc.constantFrom('{', '[1,2', 'null', '"x"', '{"__proto__":{"version":1}}', '{"constructor":{"prototype":{}}}', '\u0000'));
    await expectSaneForAll(fc.record({ type: contentTypes, body: text }), ({ type, body }) => sendRaw(request(), type, body), RUNS.raw);
  });
});

/** Query values that each declared parameter must refuse. */
function badQueryValue(kind: QueryKind): fc.Arbitrary<string | string[]> {
  const listWithUnknown = (known: readonly string[]) =>
    fc
      .tuple(fc.array(fc.constantFrom(...known), { maxLength: 2 }), fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/[,\s]/.test(s) && !known.includes(s)))
      .map(([good, bad]) => [...good, bad].join(','));
  switch (kind) {
    case 'page':
      return BAD_PAGE;
    case 'pageSize':
      return BAD_PAGE_SIZE;
    case 'sort':
      return fc.oneof(fc.constantFrom('', '-', 'risk;drop table', 'risk,,at', '--risk', 'noSuchField', 'a'.repeat(201)), repeatedParam);
    case 'text':
      return BAD_TEXT;
    case 'uuid':
      return fc.oneof(fc.string({ maxLength: 40 }).filter((s) => !UUID.test(s)), fc.constantFrom("' OR 1=1 --", '00000000-0000-0000-0000-00000000000g'), repeatedParam);
    case 'assignee':
      return fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !['me', 'any', 'none'].includes(s)), fc.constantFrom('Me', 'ANY', 'mine', ''), repeatedParam);
    case 'status':
      return fc.oneof(fc.string({ maxLength: 8 }).filter((s) => !['open', 'closed', 'all'].includes(s)), repeatedParam);
    case 'stages':
      return fc.oneof(listWithUnknown(STAGES), fc.constant(Array(STAGES.length + 1).fill('demand').join(',')));
    case 'riskLevels':
      return fc.oneof(listWithUnknown(RISK_LEVELS), fc.constant('low,low,low,low,low'));
    case 'kinds':
      return listWithUnknown(CASE_EVENT_KINDS);
    case 'bool':
      return BAD_FLAG;
    case 'days':
      return fc.oneof(fc.constantFrom('0', '-1', '1.5', 'abc', '3651', '', '1e4', '0x10'), fc.integer({ min: 3651 }).map(String), repeatedParam);
    case 'version':
      return fc.oneof(fc.constantFrom('0', '-1', '1.5', 'abc', '', 'null'), repeatedParam);
  }
}

describe.each(Object.entries(QUERY_ROUTES))('%s', (_key, route) => {
  let ids: Ids;
  beforeAll(async () => {
    ids = await caseWithParts();
  });
  const send = (qs: string) => api.http()[route.method](`${route.path(ids)}?${qs}`).set('Cookie', admin);

  it('any query string gets a sane answer', async () => {
    await fc.assert(
      fc.asyncProperty(anyQueryParams(Object.keys(route.params), nearlyRight.map(String)), async (params) => {
        const res = await send(queryString(params));
        expectSane(res, params);
        if (res.status === 200) {
          if (route.answer === 'csv') expect(res.headers['content-type']).toMatch(/^text\/csv/);
          else if (route.answer === 'case') expect(res.body).toMatchObject({ id: ids.case, version: expect.any(Number) });
          else if (route.answer === 'items') expect(res.body).toMatchObject({ items: expect.any(Array) });
          else expect(res.body).toMatchObject({ items: expect.any(Array), page: expect.any(Number), total: expect.any(Number) });
        }
      }),
      { numRuns: RUNS.query },
    );
  });

  it('a bad value for a declared parameter is a 422 naming it', async () => {
    await expectBadParamsRefused(route.params, badQueryValue, send, RUNS.badQuery);
  });

  it('an unknown parameter is a 422 naming it', async () => {
    const res = await send('zzUnknown=1');
    expectSane(res, 'zzUnknown');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'zzUnknown', reason: 'whitelistValidation' })]));
  });
});

// Fields the DTOs accept as "present": null must be a field error, never a NOT NULL violation (500).
it.each([
  ['PATCH /api/v1/cases/:id', 'arrearsOre'],
  ['PATCH /api/v1/cases/:id', 'childrenInHousehold'],
  ['PATCH /api/v1/cases/:id', 'dates'],
  ['PATCH /api/v1/cases/:id/tasks/:taskId', 'title'],
  ['PATCH /api/v1/cases/:id/tasks/:taskId', 'dueDate'],
  ['PATCH /api/v1/cases/:id/tasks/:taskId', 'done'],
  ['PATCH /api/v1/cases/:id/budget-lines/:lineId', 'label'],
  ['PATCH /api/v1/cases/:id/budget-lines/:lineId', 'amountOre'],
  ['PATCH /api/v1/cases/:id/debts/:debtId', 'creditor'],
  ['PATCH /api/v1/cases/:id/debts/:debtId', 'amountOre'],
  ['PATCH /api/v1/cases/:id/applications/:applicationId', 'status'],
])('%s with %s: null is a 422, not a 500', async (key, field) => {
  const ids = await caseWithParts();
  const route = BODY_ROUTES[key];
  const body = { version: 1, [field]: null };
  const res = await api.http()[route.method](route.path(ids)).set('Cookie', admin).send(body);
  expectSane(res, body);
  expect(res.status).toBe(422);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
});

// A nested object sent as an array: class-validator's ValidateNested alone accepts `[]` (it validates each element
// of an array), so the service would get an array where it expects an object.
it.each([
  ['POST /api/v1/cases', 'tenancy'],
  ['POST /api/v1/cases', 'tenant'],
  ['POST /api/v1/cases', 'dates'],
  ['POST /api/v1/cases', 'firstContact'],
  ['PATCH /api/v1/cases/:id', 'dates'],
])('%s with %s as an array is a 422 naming it', async (key, field) => {
  const ids = await caseWithParts();
  const route = BODY_ROUTES[key];
  const base: Record<string, unknown> =
    key === 'POST /api/v1/cases' ? { tenancy: { departmentId: world.deptA, tenancyNumber: `ARR-${++seq}`, address: 'Listevej 1' }, tenant: { name: 'Liste' } } : { version: 1 };
  for (const value of [[], [{}], [{ name: 'x', channel: 'phone', reached: true }]]) {
    const body = { ...base, [field]: value };
    const res = await api.http()[route.method](route.path(ids)).set('Cookie', admin).send(body);
    expectSane(res, body);
    expect({ value, status: res.status }).toEqual({ value, status: 422 });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
});

it('an instalment that is not an object is a 422 naming it', async () => {
  const ids = await caseWithParts();
  const cancel = await api.http().patch(`/api/v1/cases/${ids.case}/agreements/${ids.agreement}`).set('Cookie', admin).send({ version: 1, status: 'cancelled' });
  expect(cancel.status).toBe(200);
  for (const instalment of [[], [{ dueDate: '2030-01-01', amountOre: 1 }], null, 'x', 5]) {
    const body = { agreedDate: '2026-01-01', instalments: [{ dueDate: '2029-01-01', amountOre: 1 }, instalment] };
    const res = await api.http().post(`/api/v1/cases/${ids.case}/agreements`).set('Cookie', admin).send(body);
    expectSane(res, body);
    expect({ instalment, status: res.status }).toEqual({ instalment, status: 422 });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining([expect.stringMatching(/^instalments(\.1)?$/)]));
  }
});

it('text PostgreSQL cannot store (NUL, a lone surrogate) is a 422 naming the field on every route, not a 500', async () => {
  const ids = await caseWithParts();
  for (const text of ['før\u0000efter', 'x\ud800y', '\udc00']) {
    const note = await api.http().post(`/api/v1/cases/${ids.case}/notes`).set('Cookie', admin).send({ body: text });
    expectSane(note, { body: text });
    expect(note.status).toBe(422);
    expect(note.body.errors).toEqual([expect.objectContaining({ field: 'body', reason: 'invalid_characters' })]);
    const task = await api.http().post(`/api/v1/cases/${ids.case}/tasks`).set('Cookie', admin).send({ title: text, dueDate: '2030-01-01' });
    expect(task.status).toBe(422);
    expect(task.body.errors.map((e: { field: string }) => e.field)).toEqual(['title']);
  }
  // A query string too.
  const list = await api.http().get('/api/v1/cases').query({ q: 'a\u0000b' }).set('Cookie', admin);
  expect(list.status).toBe(422);
});

// Dates at the edges of the calendar: a real date PostgreSQL cannot store, or so far away that counting business
// days to it takes the api minutes, must be refused as input, not fail or stall later.
describe('dates at the edges of the calendar', () => {
  const EDGE_DATES = ['0000-01-01', '0001-01-01', '1000-06-15', '9999-12-31'];
  const DATE_FIELDS: [string, string, (d: string) => Record<string, unknown>][] = [
    ['POST /api/v1/cases', 'dates.oldestDueDate', (d) => ({ dates: { oldestDueDate: d } })],
    ['POST /api/v1/cases', 'dates.evictionDate', (d) => ({ dates: { evictionDate: d } })],
    ['PATCH /api/v1/cases/:id', 'dates.demandSentDate', (d) => ({ version: 1, dates: { demandSentDate: d } })],
    ['PATCH /api/v1/cases/:id', 'dates.evictionDate', (d) => ({ version: 1, dates: { evictionDate: d } })],
    ['POST /api/v1/cases/:id/stage', 'date', (d) => ({ version: 1, stage: 'demand', date: d })],
    ['POST /api/v1/cases/:id/tasks', 'dueDate', (d) => ({ title: 'T', dueDate: d })],
    ['PATCH /api/v1/cases/:id/tasks/:taskId', 'dueDate', (d) => ({ version: 1, dueDate: d })],
    ['POST /api/v1/cases/:id/agreements', 'agreedDate', (d) => ({ agreedDate: d, instalments: [{ dueDate: '2026-01-01', amountOre: 1 }] })],
    ['POST /api/v1/cases/:id/agreements', 'instalments.0.dueDate', (d) => ({ agreedDate: '2026-01-01', instalments: [{ dueDate: d, amountOre: 1 }] })],
    ['PATCH /api/v1/cases/:id/instalments/:instalmentId', 'paidDate', (d) => ({ version: 1, status: 'paid', paidDate: d })],
    ['POST /api/v1/cases/:id/applications', 'submittedDate', (d) => ({ kind: 'municipal_aid', submittedDate: d })],
    ['PATCH /api/v1/cases/:id/applications/:applicationId', 'decidedDate', (d) => ({ version: 1, decidedDate: d })],
  ];
  it.each(DATE_FIELDS)('%s %s', async (key, field, bodyOf) => {
    const route = BODY_ROUTES[key];
    const ids = await caseWithParts();
    for (const date of EDGE_DATES) {
      const body: Record<string, unknown> = bodyOf(date);
      if (key === 'POST /api/v1/cases') Object.assign(body, { tenancy: { departmentId: world.deptA, tenancyNumber: `EDGE-${++seq}`, address: 'Kantvej 1' } });
      const res = await api.http()[route.method](route.path(ids)).set('Cookie', admin).send(body);
      expectSane(res, body);
      expect({ date, status: res.status }).toEqual({ date, status: 422 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('a contact logged in year 0 is a 422, not a 500', async () => {
    const ids = await caseWithParts();
    for (const at of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z']) {
      const res = await api.http().post(`/api/v1/cases/${ids.case}/contacts`).set('Cookie', admin).send({ channel: 'phone', reached: true, at });
      expectSane(res, at);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('at');
    }
  });
});
