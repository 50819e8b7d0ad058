import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { ArrearsImportProcessor } from '@forebyg/arrears';
import { QUEUES } from '@forebyg/core';
import { addCalendarDays, todayInCopenhagen } from '@forebyg/domain';
import { Factory, TestWorld } from '../support/factories.js';
import { createApiKey, expectError, expectNoStackTrace } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';
import { startTestWorker, TestWorker } from '../support/test-worker.js';

/**
 * The arrears intake end to end: a ledger system uploads snapshots over HTTP, the worker parses, stages and
 * applies them, and cases open, change, clear and close as the trigger rules say. The stored files are encrypted
 * at rest and deleted after the retention period. Real PostgreSQL and Redis.
 */
let api: TestApi;
let worker: TestWorker;
let world: TestWorld;
let admin: string;
let counsellor: string;
let key: { authorization: string };
let deptACode: string;
let deptBCode: string;

const today = todayInCopenhagen();
const day = (offset: number) => addCalendarDays(today, offset);
const dk = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker(api.config);
  const f = new Factory(api.ds);
  world = await f.world();
  [{ code: deptACode }, { code: deptBCode }] = await api.ds.query('SELECT code FROM department WHERE id = ANY($1) ORDER BY (id = $2) DESC', [
    [world.deptA, world.deptB],
    world.deptA,
  ]);
  admin = await api.login(world.users.admin.email);
  counsellor = await api.login(world.users.counsellor.email);
  key = await createApiKey(api, admin, { departmentIds: [world.deptA], scopes: ['arrears:write'] });
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

interface ImportStatus {
  id: string;
  status: string;
  outcome: string | null;
  rowsRead: number;
  rowsRejected: number;
  rowsApplied: number;
  casesOpened: number;
  casesUpdated: number;
  casesCleared: number;
  casesClosed: number;
  failureReason: string | null;
  uploadPurgedAt: string | null;
}

async function waitDone(id: string, auth: Record<string, string> = { Authorization: key.authorization }): Promise<ImportStatus> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await api.http().get(`/api/v1/arrears/imports/${id}`).set(auth);
    expect(res.status).toBe(200);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function uploadCsv(csv: string | Buffer, query = '', auth: Record<string, string> = { Authorization: key.authorization }) {
  return api
    .http()
    .post(`/api/v1/arrears/imports${query}`)
    .set(auth)
    .set('Content-Type', 'text/csv; charset=utf-8')
    .send(typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv);
}

async function importCsv(csv: string | Buffer, query = ''): Promise<ImportStatus> {
  const res = await uploadCsv(csv, query);
  expect(res.status).toBe(202);
  return waitDone(res.body.id);
}

const tenancy = async (number: string) =>
  (await api.ds.query('SELECT id, arrears_ore::float8 AS arrears, department_id FROM tenancy WHERE tenancy_number = $1', [number]))[0];
const openCase = async (number: string) =>
  (
    await api.ds.query(
      `SELECT c.id, c.stage, c.status, c.outcome, c.arrears_ore::float8 AS arrears, c.origin, to_char(c.court_filed_date, 'YYYY-MM-DD') AS court
         FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE t.tenancy_number = $1 ORDER BY c.opened_at DESC LIMIT 1`,
      [number],
    )
  )[0];
const eventsOf = async (caseId: string) =>
  (await api.ds.query('SELECT kind FROM case_event WHERE case_id = $1 ORDER BY id', [caseId])).map((r: { kind: string }) => r.kind);

const HEADER = 'Lejemålsnr;Afdeling;Adresse;Lejer;CPR;Husleje;Restance;Ældste_forfald;Påkrav_dato;Fogedret_dato;Børn';

describe('a first snapshot, then a newer one', () => {
  const asOf1 = day(-10);
  const asOf2 = day(-3);
  it('opens cases by the default rule: a month of rent, 3.000 kr. or any påkrav', async () => {
    const csv = [
      HEADER,
      `E-100;${deptACode};Ærøvej 1, 2. tv;Søren Ærø;010190-1234;6.500,00;7.000,00;${dk(day(-40))};;;2`,
      `E-101;${deptACode};Åvej 2;Mette Å;020290-2345;8.000,00;1.000,00;${dk(day(-15))};;;0`,
      `E-102;${deptACode};Østergade 3;"Ali Hassan; Leyla Hassan";030385-3456;7.000,00;500,00;${dk(day(-20))};${dk(day(-12))};;`,
      `E-103;${deptACode};Vestergade 4;Jonas Petersen;;6.000,00;3.500,00;${dk(day(-33))};;;`,
    ].join('\r\n');
    const result = await importCsv(csv, `?asOf=${asOf1}&source=Unik`);
    expect(result).toMatchObject({ status: 'done', outcome: 'applied', rowsRead: 4, rowsRejected: 0, rowsApplied: 4, casesOpened: 3 });
    expect(await openCase('E-100')).toMatchObject({ stage: 'arrears', status: 'open', arrears: 700000, origin: 'arrears_import' });
    expect(await openCase('E-101')).toBeUndefined(); // 1.000 kr. of an 8.000 kr. rent, no påkrav
    expect(await openCase('E-102')).toMatchObject({ stage: 'demand' }); // any påkrav opens
    expect(await openCase('E-103')).toMatchObject({ stage: 'arrears' }); // ≥ 3.000 kr.
    // The household came with the rows, CPR encrypted and found by its blind index, names with æøå intact.
    const found = await api.http().post('/api/v1/cases/search-cpr').set('Cookie', admin).send({ cpr: '0101901234' });
    expect(found.body.items.map((c: { tenancyNumber: string; tenantName: string }) => [c.tenancyNumber, c.tenantName])).toEqual([['E-100', 'Søren Ærø']]);
    const [person] = await api.ds.query(`SELECT cpr_encrypted FROM person WHERE name = 'Søren Ærø'`);
    expect(person.cpr_encrypted).not.toContain('010190');
    const hassan = await api.ds.query(
      `SELECT p.name FROM household_member h JOIN person p ON p.id = h.person_id JOIN tenancy t ON t.id = h.tenancy_id WHERE t.tenancy_number = 'E-102' ORDER BY p.name`,
    );
    expect(hassan.map((r: { name: string }) => r.name)).toEqual(['Ali Hassan', 'Leyla Hassan']);
    const c = await openCase('E-100');
    expect(await eventsOf(c.id)).toEqual(expect.arrayContaining(['opened', 'risk_changed']));
  });

  it('the same content again is the same import and changes nothing', async () => {
    const before = (await api.ds.query('SELECT count(*)::int AS n FROM case_event'))[0].n;
    const list = await api.http().get('/api/v1/arrears/imports').set('Authorization', key.authorization);
    const first = list.body.items[0];
    const csv = [
      HEADER,
      `E-100;${deptACode};Ærøvej 1, 2. tv;Søren Ærø;010190-1234;6.500,00;7.000,00;${dk(day(-40))};;;2`,
      `E-101;${deptACode};Åvej 2;Mette Å;020290-2345;8.000,00;1.000,00;${dk(day(-15))};;;0`,
      `E-102;${deptACode};Østergade 3;"Ali Hassan; Leyla Hassan";030385-3456;7.000,00;500,00;${dk(day(-20))};${dk(day(-12))};;`,
      `E-103;${deptACode};Vestergade 4;Jonas Petersen;;6.000,00;3.500,00;${dk(day(-33))};;;`,
    ].join('\r\n');
    const again = await uploadCsv(csv, `?asOf=${asOf1}&source=Unik`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: first.id, duplicate: true });
    expect((await api.ds.query('SELECT count(*)::int AS n FROM case_event'))[0].n).toBe(before);
  });

  it('updates open cases with events, moves the stage forward, clears tenancies absent from the snapshot', async () => {
    const csv = [
      HEADER,
      // E-100: more arrears and a court filing.
      `E-100;${deptACode};Ærøvej 1, 2. tv;Søren Ærø;010190-1234;6.500,00;13.000,00;${dk(day(-40))};${dk(day(-25))};${dk(day(-4))};2`,
      // E-101: now at 3.000 kr.: opens.
      `E-101;${deptACode};Åvej 2;Mette Å;020290-2345;8.000,00;3.000,00;${dk(day(-15))};;;0`,
      // E-102 unchanged; E-103 absent: paid.
      `E-102;${deptACode};Østergade 3;"Ali Hassan; Leyla Hassan";030385-3456;7.000,00;500,00;${dk(day(-20))};${dk(day(-12))};;`,
    ].join('\n');
    const result = await importCsv(csv, `?asOf=${asOf2}`);
    expect(result).toMatchObject({ status: 'done', outcome: 'applied', casesOpened: 1, casesUpdated: 1, casesCleared: 1, casesClosed: 0 });
    const e100 = await openCase('E-100');
    expect(e100).toMatchObject({ stage: 'court', arrears: 1300000, court: day(-4) });
    expect(await eventsOf(e100.id)).toEqual(expect.arrayContaining(['arrears_changed', 'demand_sent', 'court_filed', 'stage_changed']));
    expect(await openCase('E-103')).toMatchObject({ status: 'open', arrears: 0 });
    expect(await eventsOf((await openCase('E-103')).id)).toContain('arrears_cleared');
    expect(await tenancy('E-103')).toMatchObject({ arrears: 0 });
    // The history has one point per tenancy per snapshot.
    const history = await api.http().get(`/api/v1/cases/${e100.id}/arrears-history`).set('Cookie', counsellor);
    expect(history.body.items).toEqual([
      { asOf: asOf1, arrearsOre: 700000 },
      { asOf: asOf2, arrearsOre: 1300000 },
    ]);
  });

  it('an older snapshot after a newer one is kept in history but changes no state', async () => {
    const older = [HEADER, `E-100;${deptACode};Ærøvej 1, 2. tv;Søren Ærø;010190-1234;6.500,00;1,00;${dk(day(-40))};;;2`].join('\n');
    const result = await importCsv(older, `?asOf=${day(-20)}`);
    expect(result).toMatchObject({ status: 'done', outcome: 'stale', casesUpdated: 0, casesCleared: 0 });
    expect(await openCase('E-100')).toMatchObject({ stage: 'court', arrears: 1300000 });
    expect(await tenancy('E-102')).toMatchObject({ arrears: 50000 });
    const e100 = await openCase('E-100');
    const history = await api.http().get(`/api/v1/cases/${e100.id}/arrears-history`).set('Cookie', counsellor);
    expect(history.body.items.map((p: { asOf: string }) => p.asOf)).toEqual([day(-20), asOf1, asOf2]);
  });
});

describe('rejected rows', () => {
  it('are reported one by one with line, column and reason while the valid rows are applied', async () => {
    const csv = [
      'tenancy_number,department_code,arrears_amount,oldest_unpaid_due_date,tenant_cpr',
      `R-1,${deptACode},"1.234,56",${day(-30)},`,
      `R-2,NOPE,100,${day(-30)},`,
      `R-3,${deptBCode},100,${day(-30)},`, // the key is bound to department A only
      `R-4,${deptACode},-5,${day(-30)},`,
      `R-5,${deptACode},100,31-02-2026,`,
      `R-6,${deptACode},100,${day(-30)},999999-1234`,
      `R-7,${deptACode},200,${day(-30)},`,
      `R-7,${deptACode},300,${day(-30)},`,
    ].join('\n');
    const res = await uploadCsv(csv, `?asOf=${day(-2)}`);
    const result = await waitDone(res.body.id);
    expect(result).toMatchObject({ status: 'done', rowsRead: 8, rowsApplied: 1, rowsRejected: 7 });
    const errors = await api.http().get(`/api/v1/arrears/imports/${res.body.id}/errors?pageSize=50`).set('Authorization', key.authorization);
    const brief = errors.body.items.map((e: { line: number; column: string; reason: string }) => [e.line, e.column, e.reason]);
    expect(brief).toEqual(
      expect.arrayContaining([
        [3, 'department_code', 'unknown_department'],
        [4, 'department_code', 'unknown_department'],
        [5, 'arrears_amount', 'negative_amount'],
        [6, 'oldest_unpaid_due_date', 'impossible_date'],
        [7, 'tenant_cpr', 'invalid_cpr_date'],
        [8, 'tenancy_number', 'duplicate_tenancy'],
        [9, 'tenancy_number', 'duplicate_tenancy'],
      ]),
    );
    expect(errors.body.total).toBe(7);
    const report = await api.http().get(`/api/v1/arrears/imports/${res.body.id}/errors.csv`).set('Authorization', key.authorization);
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.text.split('\r\n')[0]).toBe('\uFEFFLinje;Kolonne;Årsag;Detalje');
  });

  it('a Windows-1252 file keeps æøå, and a header-only snapshot for a department clears it', async () => {
    const csv = iconv.encode(['Lejemålsnr;Afdeling;Adresse;Restance', `W-1;${deptACode};Ågade 5, 1. th;4.000,00`].join('\r\n'), 'win1252');
    const first = await importCsv(csv, `?asOf=${day(-2)}`);
    expect(first).toMatchObject({ status: 'done', rowsApplied: 1 });
    expect((await api.ds.query(`SELECT address FROM tenancy WHERE tenancy_number = 'W-1'`))[0].address).toBe('Ågade 5, 1. th');
    const headerOnly = await importCsv('Lejemålsnr;Afdeling;Restance\r\n', `?asOf=${day(-1)}&departments=${deptACode}`);
    expect(headerOnly).toMatchObject({ status: 'done', rowsRead: 0 });
    expect(await tenancy('W-1')).toMatchObject({ arrears: 0 });
  });

  it('an empty body is a 422, an unknown content type a 415, a missing column fails the import with its reason', async () => {
    expectError(await uploadCsv(''), 422, 'validation_failed');
    expectError(
      await api.http().post('/api/v1/arrears/imports').set('Authorization', key.authorization).set('Content-Type', 'application/xml').send('<x/>'),
      415,
      'unsupported_media_type',
    );
    const res = await uploadCsv('tenancy_number;address\nX-1;Vej 1\n');
    const result = await waitDone(res.body.id);
    expect(result.status).toBe('failed');
    expect(result.failureReason).toContain('missing_columns');
  });
});

describe('the JSON form and the trigger rules', () => {
  it('a JSON snapshot opens cases by the organisation rule an admin set; a department override wins', async () => {
    let rules = await api.http().get('/api/v1/arrears/trigger-rules').set('Cookie', admin);
    expect(rules.status).toBe(200);
    expect(rules.body.organisation).toBeNull();
    rules = await api
      .http()
      .put('/api/v1/arrears/trigger-rules/organisation')
      .set('Cookie', admin)
      .send({ openMinMonths: null, openMinOre: 1000000, openOnDemand: false, closeAfterDaysAtZero: 0 });
    expect(rules.status).toBe(200);
    expect(rules.body.organisation).toMatchObject({ openMinOre: 1000000, version: 1 });
    // A stale version is refused.
    const stale = await api
      .http()
      .put('/api/v1/arrears/trigger-rules/organisation')
      .set('Cookie', admin)
      .send({ version: 7, openMinMonths: null, openMinOre: 1, openOnDemand: false, closeAfterDaysAtZero: null });
    expectError(stale, 409, 'version_conflict');
    // Department A overrides one value: a påkrav opens a case there; the rest comes from the organisation's rule.
    rules = await api
      .http()
      .put(`/api/v1/arrears/trigger-rules/departments/${world.deptA}`)
      .set('Cookie', admin)
      .send({ openMinMonths: null, openMinOre: null, openOnDemand: true, closeAfterDaysAtZero: null });
    expect(rules.status).toBe(200);
    const a = rules.body.departments.find((d: { departmentId: string }) => d.departmentId === world.deptA);
    expect(a.effective).toEqual({ openMinMonths: null, openMinOre: 1000000, openOnDemand: true, closeAfterDaysAtZero: 0 });
    const b = rules.body.departments.find((d: { departmentId: string }) => d.departmentId === world.deptB);
    expect(b.effective).toEqual({ openMinMonths: null, openMinOre: 1000000, openOnDemand: false, closeAfterDaysAtZero: 0 });

    const body = {
      source: 'Ledger JSON',
      asOf: today,
      departments: [deptACode],
      rows: [
        { tenancyNumber: 'J-1', departmentCode: deptACode, arrearsAmount: '12000.00', monthlyRent: 6000, tenantName: ['Ida Ø'] },
        { tenancyNumber: 'J-2', departmentCode: deptACode, arrearsAmount: 9999.99, demandSentDate: day(-3) },
      ],
    };
    const openInA: { id: string }[] = await api.ds.query(`SELECT id FROM case_file WHERE department_id = $1 AND status = 'open'`, [world.deptA]);
    const res = await api.http().post('/api/v1/arrears/snapshots').set('Authorization', key.authorization).send(body);
    expect(res.status).toBe(202);
    const result = await waitDone(res.body.id);
    expect(result).toMatchObject({ status: 'done', rowsApplied: 2, casesOpened: 2 });
    expect(await openCase('J-1')).toMatchObject({ status: 'open', arrears: 1200000 }); // ≥ 10.000 kr. (organisation)
    expect(await openCase('J-2')).toMatchObject({ status: 'open', stage: 'demand', arrears: 999999 }); // påkrav (department)
    // Every other open case of department A left the snapshot: with close after 0 days at zero, each closes as paid.
    expect(result.casesClosed).toBe(openInA.length);
    const closed = await api.ds.query(`SELECT DISTINCT status, outcome FROM case_file WHERE id = ANY($1::uuid[])`, [openInA.map((c) => c.id)]);
    expect(closed).toEqual(openInA.length ? [{ status: 'closed', outcome: 'paid' }] : []);
  });

  it('only admins edit rules; property managers upload with their session; counsellors cannot upload', async () => {
    expectError(await api.http().get('/api/v1/arrears/trigger-rules').set('Cookie', counsellor), 403, 'forbidden');
    const pm = await api.login(world.users.property_manager.email);
    const res = await uploadCsv(`tenancy_number;department_code;arrears_amount\nP-1;${deptACode};100\n`, `?asOf=${today}`, { Cookie: pm });
    expect(res.status).toBe(202);
    expect((await waitDone(res.body.id, { Cookie: pm })).status).toBe('done');
    expectError(await uploadCsv('x', '', { Cookie: counsellor }), 403, 'forbidden');
  });
});

describe('garbage in', () => {
  it('no body crashes the endpoint or the worker: every upload is a 202 or a 4xx and ends done or failed', async () => {
    const csvLike = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
      fc
        .array(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', ';', ',', '\r\n', '\n', deptACode, '-1', '1.234,56', '31-02-2026')), { maxLength: 6 }), {
          maxLength: 6,
        })
        .map((rows) => Buffer.from(['tenancy_number;department_code;arrears_amount', ...rows.map((r) => r.join(';'))].join('\n'), 'utf8')),
    );
    const jsonLike = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 200 }),
      fc.record({ rows: fc.array(fc.dictionary(fc.constantFrom('tenancyNumber', 'departmentCode', 'arrearsAmount', 'x'), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 }) }).map((o) => JSON.stringify(o)),
    );
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(csvLike, async (body) => {
        const res = await uploadCsv(body, `?asOf=${today}&departments=${deptBCode}`, { Cookie: admin });
        expect(res.status === 202 || (res.status >= 400 && res.status < 500)).toBe(true);
        if (res.status === 202) ids.push(res.body.id);
      }),
      { numRuns: 20 },
    );
    await fc.assert(
      fc.asyncProperty(jsonLike, async (text) => {
        const res = await api.http().post('/api/v1/arrears/snapshots').set('Cookie', admin).set('Content-Type', 'application/json').send(text);
        expect(res.status === 202 || (res.status >= 400 && res.status < 500)).toBe(true);
        if (res.status === 202) ids.push(res.body.id);
      }),
      { numRuns: 20 },
    );
    for (const id of new Set(ids)) {
      expect(['done', 'failed']).toContain((await waitDone(id, { Cookie: admin })).status);
    }
  });
});

describe('the stored upload: encrypted at rest, deleted after the retention period', () => {
  const asAdmin = () => ({ Cookie: admin });
  const cpr = (i: number) => `${String((i % 28) + 1).padStart(2, '0')}0${(i % 9) + 1}85-${String(4000 + i).padStart(4, '0')}`;
  /** Over 1 MiB, so it is stored in several chunks: a long unknown column pads each row. */
  const bigCsv = () =>
    [
      'Lejemålsnr;Afdeling;Lejer;CPR;Husleje;Restance;Bemærkning',
      ...Array.from(
        { length: 1500 },
        (_, i) => `S-${i};${deptBCode};Lejer Sørensen ${i};${cpr(i)};6.000,00;${i % 3 ? '12.000,00' : '0,00'};${'x'.repeat(1000)}`,
      ),
    ].join('\r\n');
  let bigId: string;
  let big: ImportStatus;

  const chunksOf = (importId: string) =>
    api.ds.query('SELECT seq, key_id AS "keyId", length(data)::int AS bytes FROM arrears_upload_chunk WHERE import_id = $1 ORDER BY seq', [
      importId,
    ]);
  const replay = (id: string) => api.http().post(`/api/v1/arrears/imports/${id}/replay`).set(asAdmin());
  async function replayed(id: string): Promise<ImportStatus> {
    const res = await replay(id);
    expect(res.status).toBe(202);
    return waitDone(res.body.id, asAdmin());
  }
  const purge = () =>
    worker.app.get(ArrearsImportProcessor).process({ name: QUEUES.arrears.jobs.purgeUploads, data: {} } as Job) as Promise<{
      imports: number;
      chunks: number;
    }>;

  it('stores every chunk encrypted under the active key, with no CPR number, name or header in the clear, and applies as before', async () => {
    const csv = bigCsv();
    const res = await uploadCsv(csv, `?asOf=${today}&departments=${deptBCode}`, asAdmin());
    expect(res.status).toBe(202);
    bigId = res.body.id;
    big = await waitDone(bigId, asAdmin());
    expect(big).toMatchObject({
      status: 'done',
      outcome: 'applied',
      rowsRead: 1500,
      rowsRejected: 0,
      rowsApplied: 1500,
      casesOpened: 1000,
    });
    const [person] = await api.ds.query(`SELECT cpr_encrypted FROM person WHERE name = 'Lejer Sørensen 7'`);
    expect(person.cpr_encrypted).toMatch(/^v1:/);

    const chunks = await chunksOf(bigId);
    const size = Buffer.byteLength(csv);
    expect(chunks.length).toBe(Math.ceil(size / (1024 * 1024)));
    expect(chunks.reduce((n: number, c: { bytes: number }) => n + c.bytes, 0)).toBe(size + 28 * chunks.length); // iv and tag per chunk
    // Every upload of this file so far: the active key on every chunk, and nothing of the files readable.
    const active = api.config.cprKeys[0]!.id;
    expect(await api.ds.query('SELECT DISTINCT key_id FROM arrears_upload_chunk')).toEqual([{ key_id: active }]);
    for (const text of ['010190-1234', '0101901234', cpr(7), 'Lejemålsnr', 'tenancy_number', 'Søren', 'Sørensen', 'tenancyNumber']) {
      const [{ n }] = await api.ds.query(
        `SELECT count(*)::int AS n FROM arrears_upload_chunk WHERE position(convert_to($1, 'UTF8') IN data) > 0`,
        [text],
      );
      expect({ text, n }).toEqual({ text, n: 0 });
    }
  });

  it('a replay decrypts the stored file and processes it again', async () => {
    const again = await replayed(bigId);
    expect(again).toMatchObject({ status: 'done', rowsRead: 1500, rowsRejected: 0, rowsApplied: 1500, uploadPurgedAt: null });
  });

  it('a chunk stored before encryption (no key id, plaintext) is still read, so old imports can be replayed', async () => {
    const csv = Buffer.from(
      [
        HEADER,
        `L-1;${deptBCode};Gammel Vej 1;Ole Gammel;050570-1111;6.000,00;9.000,00;${dk(day(-40))};;;`,
        `L-2;${deptBCode};Gammel Vej 2;;;6.000,00;100,00;;;;`,
      ].join('\r\n'),
    );
    const [{ id }] = await api.ds.query(
      `INSERT INTO arrears_import (organisation_id, format, as_of, requested_departments, checksum, size_bytes, content_type, actor_type, status, finished_at)
       VALUES ($1, 'csv', $2, $3, $4, $5, 'text/csv', 'system', 'done', now()) RETURNING id`,
      [world.organisationId, today, [deptBCode], randomBytes(32).toString('hex'), csv.length],
    );
    // Two plaintext chunks, cut inside a line.
    await api.ds.query(`INSERT INTO arrears_upload_chunk (import_id, seq, data) VALUES ($1, 0, $2), ($1, 1, $3)`, [
      id,
      csv.subarray(0, 100),
      csv.subarray(100),
    ]);
    const result = await replayed(id);
    expect(result).toMatchObject({ status: 'done', rowsRead: 2, rowsApplied: 2, rowsRejected: 0 });
    expect(await tenancy('L-1')).toMatchObject({ arrears: 900000 });
  });

  it('a chunk altered in the database fails the import once, with the reason and no stack trace', async () => {
    await api.ds.query(
      'UPDATE arrears_upload_chunk SET data = set_byte(data, 500, get_byte(data, 500) # 1) WHERE import_id = $1 AND seq = 1',
      [bigId],
    );
    const res = await replay(bigId);
    const result = await waitDone(res.body.id, asAdmin());
    expect(result).toMatchObject({
      status: 'failed',
      failureReason: 'upload_unreadable: chunk 1 failed its integrity check (altered, moved or damaged)',
    });
    expectNoStackTrace(result.failureReason!);
    expect((await api.ds.query('SELECT attempts FROM arrears_import WHERE id = $1', [res.body.id]))[0].attempts).toBe(1);
    // Put the chunk back as it was.
    await api.ds.query(
      'UPDATE arrears_upload_chunk SET data = set_byte(data, 500, get_byte(data, 500) # 1) WHERE import_id = $1 AND seq = 1',
      [bigId],
    );
  });

  it('the daily purge deletes the files of imports finished over ARREARS_UPLOAD_RETENTION_DAYS ago; their results stay, replay is refused', async () => {
    expect(api.config.ARREARS_UPLOAD_RETENTION_DAYS).toBe(365);
    const csv = [HEADER, `Q-1;${deptBCode};Gade 1;;;6.000,00;4.000,00;;;;`, `Q-2;NOPE;Gade 2;;;6.000,00;4.000,00;;;;`].join('\r\n');
    const res = await uploadCsv(csv, `?asOf=${today}&departments=${deptBCode}`, asAdmin());
    const old = await waitDone(res.body.id, asAdmin());
    expect(old).toMatchObject({ status: 'done', rowsApplied: 1, rowsRejected: 1 });
    const oldReplay = await replayed(old.id);
    // Finished 366 days ago (its replay recently: the file's age counts from the original).
    await api.ds.query(`UPDATE arrears_import SET finished_at = now() - interval '366 days' WHERE id = $1`, [old.id]);
    await api.ds.query(`UPDATE arrears_import SET finished_at = now() - interval '364 days' WHERE id = $1`, [bigId]);

    expect(await purge()).toEqual({ imports: 1, chunks: 1 });
    expect(await chunksOf(old.id)).toEqual([]);
    expect((await chunksOf(bigId)).length).toBeGreaterThan(1); // finished a day short of the period: kept
    expect(await purge()).toEqual({ imports: 0, chunks: 0 });

    const view = await api.http().get(`/api/v1/arrears/imports/${old.id}`).set(asAdmin());
    expect(view.body).toMatchObject({ status: 'done', rowsApplied: 1, rowsRejected: 1, uploadPurgedAt: expect.any(String) });
    expect(Date.now() - Date.parse(view.body.uploadPurgedAt)).toBeLessThan(60_000);
    const replayView = await api.http().get(`/api/v1/arrears/imports/${oldReplay.id}`).set(asAdmin());
    expect(replayView.body.uploadPurgedAt).toBe(view.body.uploadPurgedAt);
    const list = await api.http().get('/api/v1/arrears/imports?pageSize=100').set(asAdmin());
    const listed = Object.fromEntries(list.body.items.map((i: ImportStatus) => [i.id, i.uploadPurgedAt]));
    expect(listed).toMatchObject({ [old.id]: view.body.uploadPurgedAt, [bigId]: null });

    for (const id of [old.id, oldReplay.id]) {
      const refused = await replay(id);
      expectError(refused, 409, 'conflict');
      expect(refused.body.reason).toBe('upload_purged');
      expect(refused.body.message).toMatch(/deleted .* after the retention period/);
    }
    const report = await api.http().get(`/api/v1/arrears/imports/${old.id}/errors.csv`).set(asAdmin());
    expect(report.status).toBe(200);
    expect(report.text).toContain('unknown_department');
    expect((await replayed(bigId)).status).toBe('done');
  });
});
