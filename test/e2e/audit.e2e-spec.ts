import type { AuditRecordView } from '@forebyg/audit';
import { todayInCopenhagen } from '@forebyg/domain';
import { Factory, TestWorld } from '../support/factories.js';
import { createApiKey, expectError } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * Every read of personal data and every security event leaves an audit row, visible to admins through
 * GET /api/v1/audit and per person through GET /api/v1/persons/:id/access-history. CPR numbers leave the
 * api masked except through the audited reveal, and never appear in the audit log itself.
 */
const CPR = '070761-4285';
const CPR_DIGITS = '0707614285';

let api: TestApi;
let world: TestWorld;
let admin: string;
let counsellor: string;
let tenancyId: string;
let personId: string;
let memberId: string;

beforeAll(async () => {
  api = await startTestApi();
  const f = new Factory(api.ds);
  world = await f.world();
  tenancyId = await f.tenancy(world.organisationId, world.deptA);
  personId = await f.person(world.organisationId, tenancyId, { name: 'Karen Auditsen', cpr: CPR });
  memberId = await f.person(world.organisationId, tenancyId, { name: 'Bo Auditsen' });
  admin = await api.login(world.users.admin.email);
  counsellor = await api.login(world.users.counsellor.email);
});
afterAll(() => api?.close());

type AuditItem = AuditRecordView;

async function audit(query: Record<string, string>): Promise<AuditItem[]> {
  const res = await api
    .http()
    .get('/api/v1/audit')
    .query({ pageSize: '200', ...query })
    .set('Cookie', admin);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ page: 1, pageSize: 200, total: expect.any(Number) });
  return res.body.items;
}

/** The one audit row a request wrote, found by the request id we gave it. */
async function rowOf(requestId: string, action: string): Promise<AuditItem> {
  const rows = (await audit({ action })).filter((r) => r.requestId === requestId);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('reads of personal data', () => {
  it('GET a person: masked CPR in the answer, a person.read row with actor, ip and request id', async () => {
    const res = await api
      .http()
      .get(`/api/v1/persons/${personId}`)
      .set('Cookie', counsellor)
      .set('X-Forwarded-For', '192.0.2.44')
      .set('X-Request-Id', 'audit-read-1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: personId,
      name: 'Karen Auditsen',
      cprMasked: '070761-XXXX',
      phone: '+45 12 34 56 78',
      email: null,
      preferredLanguage: 'da',
      tenancies: [expect.objectContaining({ id: tenancyId, departmentId: world.deptA, role: 'tenant' })],
    });
    expect(res.text).not.toContain(CPR);
    expect(res.text).not.toContain(CPR_DIGITS);
    expect(res.text).not.toMatch(/cprEncrypted|v1:dev1:/);

    expect(await rowOf('audit-read-1', 'person.read')).toMatchObject({
      actorType: 'user',
      actorId: world.users.counsellor.id,
      actorLabel: world.users.counsellor.email,
      personId,
      entityType: 'person',
      entityId: personId,
      outcome: 'success',
      ip: '192.0.2.44',
    });
  });

  it('reveal CPR: the full DDMMYY-SSSS for a stated purpose, audited with that purpose', async () => {
    const res = await api
      .http()
      .post(`/api/v1/persons/${personId}/reveal-cpr`)
      .set('Cookie', counsellor)
      .set('X-Request-Id', 'audit-reveal-1')
      .send({ purpose: 'Ansøgning om enkeltydelse' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cpr: CPR });
    expect(await rowOf('audit-reveal-1', 'person.cpr_revealed')).toMatchObject({
      actorId: world.users.counsellor.id,
      personId,
      purpose: 'Ansøgning om enkeltydelse',
    });
  });

  it('reveal CPR without a purpose is refused and not audited', async () => {
    const res = await api
      .http()
      .post(`/api/v1/persons/${personId}/reveal-cpr`)
      .set('Cookie', counsellor)
      .set('X-Request-Id', 'audit-reveal-2')
      .send({});
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'purpose' })]));
    expect((await audit({ action: 'person.cpr_revealed' })).filter((r) => r.requestId === 'audit-reveal-2')).toEqual([]);
  });

  it('reveal CPR for a person without a CPR answers null', async () => {
    const res = await api.http().post(`/api/v1/persons/${memberId}/reveal-cpr`).set('Cookie', counsellor).send({ purpose: 'Kontrol' });
    expect(res.body).toEqual({ cpr: null });
  });

  it('CPR search (in either form): masked hits, a person.searched_by_cpr row without the CPR in it', async () => {
    for (const [i, cpr] of [CPR, CPR_DIGITS, '070761 4285'].entries()) {
      const res = await api
        .http()
        .post('/api/v1/persons/search')
        .set('Cookie', counsellor)
        .set('X-Request-Id', `audit-search-${i}`)
        .send({ cpr });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([expect.objectContaining({ id: personId, cprMasked: '070761-XXXX' })]);
      expect(res.text).not.toContain(CPR_DIGITS);
      const row = await rowOf(`audit-search-${i}`, 'person.searched_by_cpr');
      expect(row).toMatchObject({ actorId: world.users.counsellor.id, personId, details: { matches: 1 } });
      expect(JSON.stringify(row)).not.toMatch(/070761.?4285/);
    }
    const miss = await api
      .http()
      .post('/api/v1/persons/search')
      .set('Cookie', counsellor)
      .set('X-Request-Id', 'audit-search-miss')
      .send({ cpr: '010190-1234' });
    expect(miss.body).toEqual({ items: [] });
    expect(await rowOf('audit-search-miss', 'person.searched_by_cpr')).toMatchObject({ personId: null, details: { matches: 0 } });
  });

  it('an invalid CPR in a search is a 422 on the field, not a silent empty result', async () => {
    const res = await api.http().post('/api/v1/persons/search').set('Cookie', counsellor).send({ cpr: '320161-4285' });
    expectError(res, 422, 'validation_failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cpr', reason: 'invalid_cpr' })]);
  });

  it('GET a tenancy: masked CPRs in the household, one tenancy.read row per household member', async () => {
    const res = await api.http().get(`/api/v1/tenancies/${tenancyId}`).set('Cookie', counsellor).set('X-Request-Id', 'audit-tenancy-1');
    expect(res.status).toBe(200);
    expect(res.body.household).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ personId, cprMasked: '070761-XXXX', role: 'tenant' }),
        expect.objectContaining({ personId: memberId, cprMasked: null }),
      ]),
    );
    expect(res.text).not.toContain(CPR_DIGITS);
    const rows = (await audit({ action: 'tenancy.read' })).filter((r) => r.requestId === 'audit-tenancy-1');
    expect(rows.map((r) => r.personId).sort()).toEqual([personId, memberId].sort());
    expect(rows.every((r) => r.entityType === 'tenancy' && r.entityId === tenancyId && r.actorId === world.users.counsellor.id)).toBe(true);
  });

  it('a read of a person outside the caller’s departments is a 404 and writes no read row', async () => {
    const res = await api
      .http()
      .get(`/api/v1/persons/${personId}`)
      .set('Cookie', await api.login(world.users.counsellorB.email))
      .set('X-Request-Id', 'audit-read-b');
    expectError(res, 404, 'not_found');
    expect((await audit({ action: 'person.read' })).filter((r) => r.requestId === 'audit-read-b')).toEqual([]);
  });

  it('the person’s access history lists all of the above and is itself audited', async () => {
    const res = await api
      .http()
      .get(`/api/v1/persons/${personId}/access-history`)
      .query({ pageSize: '100' })
      .set('Cookie', admin)
      .set('X-Request-Id', 'audit-history-1');
    expect(res.status).toBe(200);
    const actions = new Set(res.body.items.map((r: AuditItem) => r.action));
    expect([...actions].sort()).toEqual(['person.cpr_revealed', 'person.read', 'person.searched_by_cpr', 'tenancy.read']);
    expect(res.body.items.every((r: AuditItem) => r.personId === personId)).toBe(true);
    // Newest first.
    const times = res.body.items.map((r: AuditItem) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await rowOf('audit-history-1', 'audit.searched')).toMatchObject({
      actorId: world.users.admin.id,
      personId,
      details: { personHistory: true },
    });

    const filtered = await api
      .http()
      .get(`/api/v1/persons/${personId}/access-history`)
      .query({ action: 'person.cpr_revealed' })
      .set('Cookie', admin);
    expect(filtered.body.items.map((r: AuditItem) => r.purpose)).toEqual(['Ansøgning om enkeltydelse']);
  });
});

describe('security events', () => {
  it('a denied access writes access.denied with the route and the missing permission', async () => {
    const res = await api.http().get('/api/v1/users').set('Cookie', counsellor).set('X-Request-Id', 'audit-denied-1');
    expectError(res, 403, 'forbidden');
    expect(await rowOf('audit-denied-1', 'access.denied')).toMatchObject({
      outcome: 'denied',
      actorType: 'user',
      actorId: world.users.counsellor.id,
      details: { method: 'GET', route: '/api/v1/users', permission: 'users:manage' },
    });
    expect(await audit({ outcome: 'denied', actorId: world.users.counsellor.id })).toEqual(
      expect.arrayContaining([expect.objectContaining({ requestId: 'audit-denied-1' })]),
    );
  });

  it('failed logins write auth.login_failed naming the account tried, never the password', async () => {
    const wrong = await api
      .http()
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'audit-login-1')
      .set('X-Forwarded-For', '192.0.2.50')
      .send({ email: world.users.caseworker.email, password: 'Forkert-Kodeord-99' });
    expectError(wrong, 401, 'invalid_credentials');
    const row = await rowOf('audit-login-1', 'auth.login_failed');
    expect(row).toMatchObject({
      outcome: 'failure',
      actorType: 'user',
      actorId: world.users.caseworker.id,
      actorLabel: world.users.caseworker.email,
      ip: '192.0.2.50',
      details: { reason: 'wrong_password' },
    });
    expect(JSON.stringify(row)).not.toContain('Forkert-Kodeord-99');

    await api
      .http()
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'audit-login-2')
      .send({ email: 'Ukendt@Test.dk', password: 'Forkert-Kodeord-99' });
    // An attempt on an unknown account belongs to no organisation: it is kept for operators, and no
    // organisation's admin sees it (it could name another organisation's staff or an attacker's IP).
    expect((await audit({ action: 'auth.login_failed' })).filter((r) => r.requestId === 'audit-login-2')).toEqual([]);
    const [stored] = await api.ds.query(`SELECT actor_type, actor_id, actor_label, organisation_id, details FROM audit_log WHERE request_id = 'audit-login-2'`);
    expect(stored).toMatchObject({ actor_type: 'anonymous', actor_id: null, actor_label: 'ukendt@test.dk', organisation_id: null, details: { reason: 'unknown_account' } });
  });

  it('a successful login writes auth.login', async () => {
    await api.login(world.users.property_manager.email);
    expect((await audit({ action: 'auth.login', actorId: world.users.property_manager.id })).length).toBeGreaterThanOrEqual(1);
  });

  it('API key creation, use after revocation and revocation are audited; the secret never is', async () => {
    const created = await api
      .http()
      .post('/api/v1/api-keys')
      .set('Cookie', admin)
      .set('X-Request-Id', 'audit-key-1')
      .send({ name: 'EG Bolig', departmentIds: [world.deptA], scopes: ['arrears:write'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^fbg_[A-Za-z0-9]{8}_/);
    expect(created.body.apiKey).toMatchObject({
      name: 'EG Bolig',
      departmentIds: [world.deptA],
      scopes: ['arrears:write'],
      revokedAt: null,
    });
    expect(created.body.apiKey.secretHash).toBeUndefined();
    const keyId = created.body.apiKey.id;
    const createdRow = await rowOf('audit-key-1', 'api_key.created');
    expect(createdRow).toMatchObject({
      actorType: 'user',
      actorId: world.users.admin.id,
      entityType: 'api_client',
      entityId: keyId,
      details: { scopes: ['arrears:write'] },
    });
    expect(JSON.stringify(createdRow)).not.toContain(created.body.secret);

    const revoked = await api.http().post(`/api/v1/api-keys/${keyId}/revoke`).set('Cookie', admin).set('X-Request-Id', 'audit-key-2');
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect(await rowOf('audit-key-2', 'api_key.revoked')).toMatchObject({ actorId: world.users.admin.id, entityId: keyId });

    expectError(
      await api.http().get('/api/v1/departments').set('Authorization', `Bearer ${created.body.secret}`).set('X-Request-Id', 'audit-key-3'),
      401,
      'unauthenticated',
    );
    expect(await rowOf('audit-key-3', 'api_key.rejected')).toMatchObject({
      outcome: 'denied',
      actorType: 'api_client',
      actorId: keyId,
      details: { reason: 'revoked' },
    });

    // The listing shows the key as revoked, without any secret material.
    const list = await api.http().get('/api/v1/api-keys').set('Cookie', admin);
    expect(list.body.items.find((k: { id: string }) => k.id === keyId)).toMatchObject({ revokedAt: expect.any(String) });
    // The secret part may itself contain '_' (base64url): take everything after the prefix.
    const secretPart = created.body.secret.slice(created.body.secret.indexOf('_', 4) + 1);
    expect(secretPart.length).toBeGreaterThan(20);
    expect(list.text).not.toContain(secretPart);
  });

  it('an API key’s requests are attributed to the key', async () => {
    const key = await createApiKey(api, admin, { name: 'Ledger', departmentIds: [world.deptA], scopes: ['departments:read'] });
    const res = await api.http().get('/api/v1/users').set('Authorization', key.authorization).set('X-Request-Id', 'audit-key-4');
    expectError(res, 403, 'forbidden');
    expect(await rowOf('audit-key-4', 'access.denied')).toMatchObject({ actorType: 'api_client', actorId: key.id, actorLabel: 'Ledger' });
  });
});

describe('the audit api', () => {
  it('is for admins only, and searching it is itself audited', async () => {
    expectError(await api.http().get('/api/v1/audit').set('Cookie', counsellor), 403, 'forbidden');
    await api.http().get('/api/v1/audit').query({ action: 'person.read' }).set('Cookie', admin).set('X-Request-Id', 'audit-search-audit');
    expect(await rowOf('audit-search-audit', 'audit.searched')).toMatchObject({
      actorId: world.users.admin.id,
      details: { filters: ['action'] },
    });
  });

  it('filters by date range and rejects malformed filters per field', async () => {
    // The filter is on the Copenhagen calendar: around midnight the UTC date is another day.
    const today = todayInCopenhagen();
    expect((await audit({ from: today, to: today })).length).toBeGreaterThan(0);
    expect(await audit({ to: '2000-01-01' })).toEqual([]);
    const bad = await api.http().get('/api/v1/audit').query({ from: '2026-13-45', actorId: 'x', outcome: 'maybe' }).set('Cookie', admin);
    expectError(bad, 422, 'validation_failed');
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['from', 'actorId', 'outcome']));
  });

  it('shows nothing of another organisation', async () => {
    const f = new Factory(api.ds);
    const otherOrg = await f.organisation('Fremmed forening');
    const otherAdmin = await f.user(otherOrg, 'admin', []);
    const other = await api.login(otherAdmin.email);
    const res = await api.http().get('/api/v1/audit').query({ pageSize: '200' }).set('Cookie', other);
    const foreign = res.body.items.filter((r: AuditItem) => r.personId !== null || (r.actorId !== null && r.actorId !== otherAdmin.id));
    expect(foreign).toEqual([]);
    const history = await api.http().get(`/api/v1/persons/${personId}/access-history`).set('Cookie', other);
    expect(history.body).toMatchObject({ items: [], total: 0 });
  });

  // Throttled logins carry the account's organisation, and rows of no organisation are shown to nobody's admin.
  it('does not show another organisation’s throttled logins or mistyped e-mails', async () => {
    const attacker = '192.0.2.99';
    for (let i = 0; i <= 10; i++) {
      await api
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', attacker)
        .send({ email: world.users.caseworker.email, password: `guess-${i}-guess-guess` });
    }
    await api
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', attacker)
      .send({ email: 'caseworker.typo@test.dk', password: 'guess-guess-guess' });
    expect((await audit({ action: 'auth.login_throttled' })).length).toBeGreaterThan(0);

    const f = new Factory(api.ds);
    const otherAdmin = await f.user(await f.organisation('Tredje forening'), 'admin', []);
    const res = await api
      .http()
      .get('/api/v1/audit')
      .query({ pageSize: '200' })
      .set('Cookie', await api.login(otherAdmin.email));
    const ours = res.body.items.filter((r: AuditItem) => r.ip === attacker || r.actorLabel === world.users.caseworker.email);
    expect(ours).toEqual([]);
  });
});
