import type { Response } from 'supertest';
import { addCalendarDays, DEFAULT_ROUTING_RULES, todayInCopenhagen } from '@forebyg/domain';
import { PartnerSecrets } from '@forebyg/referrals';
import { Factory, TestWorld } from '../support/factories.js';
import { auditRows, expectError, expectFieldError } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * The partner registry, the routing rules and the consent ledger over HTTP on a real database: validation
 * reasons, optimistic versions, revisions, secrets shown once and rotated with an overlap, and consents scoped to
 * the household of a case the caller may see.
 */
let api: TestApi;
let world: TestWorld;
let f: Factory;
let cookies: Record<'admin' | 'counsellor' | 'counsellorB' | 'otherAdmin', string>;
let fx: { tenancyA: string; tenantA: string; memberA: string; formerA: string; personB: string; caseA: string; caseB: string; foreignDept: string };

type Who = keyof typeof cookies;
const call = (who: Who, method: 'get' | 'post' | 'put', path: string, body?: object): Promise<Response> => {
  const req = api.http()[method](`/api/v1${path}`).set('Cookie', cookies[who]);
  return body === undefined ? req : req.send(body);
};
const HOUR = 3600_000;

beforeAll(async () => {
  api = await startTestApi();
  f = new Factory(api.ds);
  world = await f.world();
  const org = world.organisationId;
  const tenancyA = await f.tenancy(org, world.deptA);
  const tenantA = await f.person(org, tenancyA, { name: 'Lejer Andersen' });
  const memberA = await f.person(org, tenancyA, { name: 'Datter Andersen' });
  await api.ds.query(`UPDATE household_member SET role = 'member' WHERE person_id = $1`, [memberA]);
  const formerA = await f.person(org, tenancyA, { name: 'Fraflyttet Andersen' });
  await api.ds.query(`UPDATE household_member SET until = current_date - 10 WHERE person_id = $1`, [formerA]);
  const tenancyB = await f.tenancy(org, world.deptB);
  const personB = await f.person(org, tenancyB, { name: 'Lejer Berg' });
  const otherOrg = await f.organisation('Anden forening');
  const foreignDept = await f.department(otherOrg, 'X1');
  const otherAdmin = await f.user(otherOrg, 'admin', []);
  fx = { tenancyA, tenantA, memberA, formerA, personB, caseA: await f.caseFile(org, tenancyA), caseB: await f.caseFile(org, tenancyB), foreignDept };
  cookies = {
    admin: await api.login(world.users.admin.email),
    counsellor: await api.login(world.users.counsellor.email),
    counsellorB: await api.login(world.users.counsellorB.email),
    otherAdmin: await api.login(otherAdmin.email),
  };
});
afterAll(() => api?.close());

const own = () => ({ kind: 'own_counselling', name: 'Egen gældsrådgivning', channel: 'email', email: 'raad@forening.dk', departmentIds: [world.deptA] });
const volunteer = (extra: object = {}) => ({
  kind: 'volunteer',
  name: 'På Fode Igen',
  channel: 'webhook',
  webhookUrl: 'https://pfi.example/forebyg',
  areas: ['101', '147'],
  services: ['debt_counselling', 'social_support'],
  languages: ['da', 'en', 'ar'],
  capacity: 3,
  waitingDays: 14,
  ...extra,
});
const municipal = (code: string) => ({ kind: 'municipal', name: `Kontaktpunkt ${code}`, channel: 'email', email: `k${code}@kommune.dk`, municipalityCode: code });
const create = async (body: object, who: Who = 'admin') => {
  const res = await call(who, 'post', '/partners', body);
  if (res.status !== 201) throw new Error(`create partner: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { partner: Record<string, any>; secret: string };
};
const storedRow = async (id: string) => (await api.ds.query('SELECT * FROM partner WHERE id = $1', [id]))[0];

describe('partners', () => {
  it('creates the own counselling with its departments; the secret is shown once and stored encrypted', async () => {
    const res = await call('admin', 'post', '/partners', own());
    expect(res.status).toBe(201);
    const { partner, secret } = res.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const [dept] = await api.ds.query('SELECT code, name FROM department WHERE id = $1', [world.deptA]);
    expect(partner).toMatchObject({
      kind: 'own_counselling',
      requiresConsent: false,
      languages: ['da'],
      answerDays: 5,
      active: true,
      version: 1,
      departments: [{ id: world.deptA, code: dept.code, name: dept.name }],
      municipalityCode: null,
      previousSecretValidUntil: null,
      updatedBy: 'Test admin',
    });
    expect(partner.revisions).toEqual([expect.objectContaining({ version: 1, changedBy: 'Test admin' })]);
    expect(JSON.stringify(partner)).not.toMatch(/whsec_|secret_encrypted|secretEncrypted|v1:/);
    const row = await storedRow(partner.id);
    expect(row.secret_encrypted).not.toContain(secret.slice(6));
    expect(new PartnerSecrets(api.config).decrypt(row.secret_encrypted)).toBe(secret);
    // Never again: neither the detail nor the list carries it.
    const again = await call('admin', 'get', `/partners/${partner.id}`);
    const list = await call('counsellor', 'get', '/partners');
    expect(again.text + list.text).not.toMatch(/whsec_|secret_encrypted|"v1:/);
    const [audit] = (await auditRows(api, 'partner.created')).filter((a) => a.entity_id === partner.id);
    expect(audit).toMatchObject({ actor_id: world.users.admin.id, entity_type: 'partner', details: { kind: 'own_counselling', version: 1 } });
  });

  it('defaults: a volunteer needs consent; lists filter by kind and active; details name the municipality', async () => {
    const { partner: v } = await create(volunteer());
    expect(v).toMatchObject({ requiresConsent: true, accredited: false, areas: ['101', '147'], languages: ['da', 'en', 'ar'], departments: [] });
    const { partner: m } = await create(municipal('147'));
    expect(m).toMatchObject({ municipalityCode: '147', municipalityName: 'Frederiksberg', requiresConsent: true });
    const vols = await call('counsellor', 'get', '/partners?kind=volunteer');
    expect(vols.status).toBe(200);
    expect(vols.body.items.every((p: { kind: string }) => p.kind === 'volunteer')).toBe(true);
    expect(vols.body.items.map((p: { id: string }) => p.id)).toContain(v.id);
    expectFieldError(await call('admin', 'get', '/partners?active=maybe'), 'active');
    expect((await call('admin', 'get', '/partners?active=false')).body.items.map((p: { id: string }) => p.id)).not.toContain(v.id);
  });

  it.each([
    ['no name', () => ({ ...volunteer(), name: undefined }), 'name', 'required'],
    ['no channel', () => ({ ...volunteer(), channel: undefined }), 'channel', 'required'],
    ['an unknown kind', () => volunteer({ kind: 'bank' }), 'kind', 'isIn'],
    ['own counselling without departments', () => ({ ...own(), departmentIds: [] }), 'departmentIds', 'required'],
    ['own counselling with a department of another organisation', () => ({ ...own(), departmentIds: [fx.foreignDept] }), 'departmentIds', 'unknown_department'],
    ['own counselling that requires consent', () => ({ ...own(), requiresConsent: true }), 'requiresConsent', 'not_allowed'],
    ['departments on a volunteer', () => volunteer({ departmentIds: [world.deptA] }), 'departmentIds', 'not_allowed'],
    ['a municipal contact point without a municipality', () => ({ ...municipal('101'), municipalityCode: undefined }), 'municipalityCode', 'required'],
    ['a municipality that does not exist', () => municipal('999'), 'municipalityCode', 'unknown_municipality'],
    ['a municipality on a volunteer', () => volunteer({ municipalityCode: '101' }), 'municipalityCode', 'not_allowed'],
    ['e-mail channel without an address', () => volunteer({ channel: 'email' }), 'email', 'required'],
    ['an address that is not one', () => volunteer({ channel: 'email', email: 'raad-at-forening' }), 'email', 'matches'],
    ['webhook channel without a URL', () => volunteer({ webhookUrl: undefined }), 'webhookUrl', 'required'],
    ['an ftp URL', () => volunteer({ webhookUrl: 'ftp://pfi.example/hook' }), 'webhookUrl', 'invalid_url'],
    ['a URL without a scheme', () => volunteer({ webhookUrl: 'pfi.example/hook' }), 'webhookUrl', 'invalid_url'],
    ['an area that is no municipality', () => volunteer({ areas: ['101', '999'] }), 'areas', 'unknown_municipality'],
    ['an area that is not a code', () => volunteer({ areas: ['1a'] }), 'areas', 'matches'],
    ['a language in upper case', () => volunteer({ languages: ['DA'] }), 'languages', 'isIn'],
    ['a language that is no ISO 639-1 code', () => volunteer({ languages: ['xx'] }), 'languages', 'isIn'],
    ['a service that is no purpose', () => volunteer({ services: ['cooking'] }), 'services', 'isIn'],
    ['answer days of 0', () => volunteer({ answerDays: 0 }), 'answerDays', 'min'],
    ['a secret of its own choosing', () => volunteer({ secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAA' }), 'secret', 'whitelistValidation'],
  ])('refuses %s (422)', async (_label, body, field, reason) => {
    expectFieldError(await call('admin', 'post', '/partners', body()), field, reason);
  });

  it('allows one active contact point per municipality (409 municipal_contact_exists)', async () => {
    const { partner: first } = await create(municipal('101'));
    const second = await call('admin', 'post', '/partners', municipal('101'));
    expectError(second, 409, 'conflict');
    expect(second.body).toMatchObject({ reason: 'municipal_contact_exists', partnerId: first.id });
    const off = await call('admin', 'put', `/partners/${first.id}`, { version: 1, active: false });
    expect(off.body).toMatchObject({ active: false, version: 2 });
    const { partner: replacement } = await create(municipal('101'));
    expect(replacement.active).toBe(true);
    const back = await call('admin', 'put', `/partners/${first.id}`, { version: 2, active: true });
    expectError(back, 409, 'conflict');
    expect(back.body).toMatchObject({ reason: 'municipal_contact_exists', partnerId: replacement.id });
    // Two at once: the unique index decides, and the loser gets the same 409.
    const race = await Promise.all([1, 2].map(() => call('admin', 'post', '/partners', municipal('461'))));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(race.find((r) => r.status === 409)!.body.reason).toBe('municipal_contact_exists');
  });

  it('updates with a version: stale is 409 with the partner as it is; each change is a revision without secrets', async () => {
    const { partner, secret } = await create(volunteer({ name: 'Dansk Folkehjælp' }));
    const changed = await call('admin', 'put', `/partners/${partner.id}`, { version: 1, capacity: 0, waitingDays: null, openingHours: 'Tirsdag 16-19' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, capacity: 0, waitingDays: null, openingHours: 'Tirsdag 16-19', name: 'Dansk Folkehjælp' });
    expect(changed.body.revisions.map((r: { version: number }) => r.version)).toEqual([2, 1]);
    expect(changed.body.revisions[0].data).toMatchObject({ capacity: 0, waitingDays: null, version: 2, name: 'Dansk Folkehjælp' });
    expect(changed.body.revisions[1].data).toMatchObject({ capacity: 3, waitingDays: 14, version: 1 });
    const stale = await call('admin', 'put', `/partners/${partner.id}`, { version: 1, capacity: 5 });
    expectError(stale, 409, 'version_conflict');
    expect(stale.body).toMatchObject({ currentVersion: 2, current: { id: partner.id, capacity: 0 } });
    expectFieldError(await call('admin', 'put', `/partners/${partner.id}`, { version: 2, kind: 'other' }), 'kind', 'immutable');
    expectFieldError(await call('admin', 'put', `/partners/${partner.id}`, { version: 2, webhookUrl: null }), 'webhookUrl', 'required');
    expectFieldError(await call('admin', 'put', `/partners/${partner.id}`, { capacity: 1 }), 'version');
    expectFieldError(await call('admin', 'put', `/partners/${partner.id}`, { version: 2, name: '   ' }), 'name', 'required');
    // Nothing changed: no new version.
    expect((await call('admin', 'put', `/partners/${partner.id}`, { version: 2, capacity: 0 })).body.version).toBe(2);
    const revisions = await api.ds.query('SELECT version, data::text AS data FROM partner_revision WHERE partner_id = $1 ORDER BY version', [partner.id]);
    expect(revisions.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    expect(revisions.map((r: { data: string }) => r.data).join()).not.toMatch(/whsec_|secret|v1:/);
    expect(revisions.map((r: { data: string }) => r.data).join()).not.toContain(secret.slice(6));
    const [audit] = (await auditRows(api, 'partner.changed')).filter((a) => a.entity_id === partner.id);
    expect(audit.details).toEqual({ kind: 'volunteer', version: 2, changed: ['openingHours', 'capacity', 'waitingDays'] });
    expectError(await call('admin', 'put', '/partners/00000000-0000-4000-8000-000000000000', { version: 1 }), 404, 'not_found');
  });

  it('rotates the secret: the new one shown once, the old one still valid for 24 hours, audited', async () => {
    const { partner, secret: first } = await create(volunteer({ name: 'Tænk Gældsrådgivning' }));
    const res = await call('admin', 'post', `/partners/${partner.id}/rotate-secret`, { version: 1 });
    expect(res.status).toBe(200);
    const { partner: rotated, secret: second } = res.body;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(rotated.version).toBe(2);
    expect(rotated.revisions.map((r: { version: number }) => r.version)).toEqual([2, 1]);
    const until = new Date(rotated.previousSecretValidUntil).getTime();
    expect(Math.abs(until - (Date.now() + 24 * HOUR))).toBeLessThan(60_000);
    expect(JSON.stringify(rotated)).not.toMatch(/whsec_/);
    const secrets = new PartnerSecrets(api.config);
    const row = await storedRow(partner.id);
    expect(secrets.secretsOf(row, new Date())).toEqual([second, first]);
    expect(secrets.secretsOf(row, new Date(Date.now() + 25 * HOUR))).toEqual([second]);
    expectError(await call('admin', 'post', `/partners/${partner.id}/rotate-secret`, { version: 1 }), 409, 'version_conflict');
    const [audit] = (await auditRows(api, 'partner.secret_rotated')).filter((a) => a.entity_id === partner.id);
    expect(audit).toMatchObject({ actor_id: world.users.admin.id, details: { version: 2 } });
    expect(JSON.stringify(audit)).not.toContain(second.slice(6));
    // A second rotation: the first secret is gone, the second is now the previous one.
    const third = (await call('admin', 'post', `/partners/${partner.id}/rotate-secret`, { version: 2 })).body.secret;
    expect(secrets.secretsOf(await storedRow(partner.id), new Date())).toEqual([third, second]);
  });

  it('keeps partners to their organisation; counsellors read, only admins change', async () => {
    const { partner } = await create(volunteer({ name: 'Kun vores' }));
    expectError(await call('otherAdmin', 'get', `/partners/${partner.id}`), 404, 'not_found');
    expectError(await call('otherAdmin', 'put', `/partners/${partner.id}`, { version: 1, active: false }), 404, 'not_found');
    expectError(await call('otherAdmin', 'post', `/partners/${partner.id}/rotate-secret`, { version: 1 }), 404, 'not_found');
    expect((await call('otherAdmin', 'get', '/partners')).body.items).toEqual([]);
    expect((await call('counsellor', 'get', `/partners/${partner.id}`)).status).toBe(200);
    expectError(await call('counsellor', 'post', '/partners', volunteer()), 403, 'forbidden');
    expectError(await call('counsellor', 'put', `/partners/${partner.id}`, { version: 1, active: false }), 403, 'forbidden');
    expectError(await call('counsellor', 'post', `/partners/${partner.id}/rotate-secret`, { version: 1 }), 403, 'forbidden');
  });
});

describe('routing rules', () => {
  const edited = () => {
    const rules = structuredClone(DEFAULT_ROUTING_RULES);
    rules.auto.maxProposals = 3;
    rules.rules[0]!.weight = 90;
    return rules;
  };

  it('are the defaults until saved, then versioned; a stale or missing version is a 409 with the current state', async () => {
    const first = await call('counsellor', 'get', '/referrals/routing-rules');
    expect(first.body).toEqual({ rules: DEFAULT_ROUTING_RULES, version: null, updatedAt: null, updatedBy: null, defaults: DEFAULT_ROUTING_RULES });
    const saved = await call('admin', 'put', '/referrals/routing-rules', { rules: edited() });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, updatedBy: 'Test admin', defaults: DEFAULT_ROUTING_RULES });
    expect(saved.body.rules.auto.maxProposals).toBe(3);
    expect(saved.body.rules.rules[0].weight).toBe(90);
    const again = await call('admin', 'put', '/referrals/routing-rules', { rules: edited() });
    expectError(again, 409, 'version_conflict');
    expect(again.body).toMatchObject({ currentVersion: 1, current: { version: 1 } });
    const second = await call('admin', 'put', '/referrals/routing-rules', { version: 1, rules: { ...edited(), auto: { ...edited().auto, mode: 'send_without_consent' } } });
    expect(second.body).toMatchObject({ version: 2, rules: { auto: { mode: 'send_without_consent' } } });
    expectError(await call('admin', 'put', '/referrals/routing-rules', { version: 1, rules: edited() }), 409, 'version_conflict');
    expect((await call('counsellor', 'get', '/referrals/routing-rules')).body.version).toBe(2);
    const firstSaves = await Promise.all([1, 2].map(() => call('otherAdmin', 'put', '/referrals/routing-rules', { rules: edited() })));
    expect(firstSaves.map((r) => r.status).sort()).toEqual([200, 409]);
    const audits = (await auditRows(api, 'routing_rules.changed')).filter((a) => a.organisation_id === world.organisationId);
    expect(audits.map((a) => a.details.version)).toEqual([1, 2]);
    expect(audits[1]).toMatchObject({ entity_id: world.organisationId, details: { mode: 'send_without_consent' } });
  });

  it('refuses invalid rules with each field path (422), and counsellors (403)', async () => {
    const bad = edited() as any;
    bad.rules[0].weight = 101;
    bad.rules[1].partnerKind = 'bank';
    delete bad.preferences;
    const res = await call('admin', 'put', '/referrals/routing-rules', { version: 2, rules: bad });
    expectFieldError(res, 'rules.rules.0.weight', 'too_big');
    expectFieldError(res, 'rules.rules.1.partnerKind', 'unknown_value');
    expectFieldError(res, 'rules.preferences', 'required');
    const twice = edited();
    twice.rules[2]!.id = twice.rules[0]!.id;
    expectFieldError(await call('admin', 'put', '/referrals/routing-rules', { version: 2, rules: twice }), 'rules.rules.2.id', 'duplicate');
    expectFieldError(await call('admin', 'put', '/referrals/routing-rules', { version: 2, rules: 'all' }), 'rules', 'isObject');
    expectError(await call('counsellor', 'put', '/referrals/routing-rules', { version: 2, rules: edited() }), 403, 'forbidden');
    expect((await call('admin', 'get', '/referrals/routing-rules')).body.version).toBe(2);
  });
});

describe('consents', () => {
  let pfi: string;
  const givenAt = () => new Date(Date.now() - HOUR).toISOString();
  const consent = (extra: object = {}) => ({ personId: fx.tenantA, recipientPartnerId: pfi, purpose: 'debt_counselling', dataItems: ['name', 'phone'], givenVia: 'written', givenAt: givenAt(), ...extra });
  const path = (caseId = fx.caseA) => `/cases/${caseId}/consents`;

  beforeAll(async () => {
    pfi = (await create(volunteer({ name: 'PFI København' }))).partner.id;
  });

  it('records a consent for a household member: timeline event without personal data, audited against the person', async () => {
    const res = await call('counsellor', 'post', path(), consent({ expiresOn: addCalendarDays(todayInCopenhagen(), 180), note: 'Underskrevet på mødet' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ personId: fx.tenantA, personName: 'Lejer Andersen', recipientPartnerId: pfi, recipientPartnerName: 'PFI København', recipientKind: null, status: 'valid', caseId: fx.caseA, recordedBy: 'Test counsellor' });
    const [event] = await api.ds.query(`SELECT data FROM case_event WHERE case_id = $1 AND kind = 'consent_recorded'`, [fx.caseA]);
    expect(event.data).toEqual({ consentId: res.body.id, purpose: 'debt_counselling', recipientPartnerId: pfi, recipientName: 'PFI København', recipientKind: 'volunteer' });
    const [audit] = (await auditRows(api, 'consent.recorded')).filter((a) => a.entity_id === res.body.id);
    expect(audit).toMatchObject({ person_id: fx.tenantA, actor_id: world.users.counsellor.id, entity_type: 'consent' });
    expect(JSON.stringify(audit.details)).not.toMatch(/Andersen|Underskrevet/);
  });

  it('lists the household (current members only) with each consent’s status, audited against the primary tenant', async () => {
    const kindWide = await call('counsellor', 'post', path(), consent({ personId: fx.memberA, recipientPartnerId: undefined, recipientKind: 'municipal', purpose: 'municipal_aid', givenVia: 'verbal' }));
    expect(kindWide.body).toMatchObject({ recipientPartnerId: null, recipientKind: 'municipal', status: 'valid' });
    const old = new Date(Date.now() - 400 * 24 * HOUR).toISOString();
    const expired = await call('counsellor', 'post', path(), consent({ givenAt: old, expiresOn: addCalendarDays(todayInCopenhagen(), -1) }));
    expect(expired.body.status).toBe('expired');
    const lastDay = await call('counsellor', 'post', path(), consent({ givenAt: old, expiresOn: todayInCopenhagen() }));
    expect(lastDay.body.status).toBe('valid'); // valid through its expiry day
    const res = await call('counsellor', 'get', path());
    expect(res.status).toBe(200);
    expect(res.body.persons).toEqual([
      { personId: fx.tenantA, name: 'Lejer Andersen', role: 'tenant' },
      { personId: fx.memberA, name: 'Datter Andersen', role: 'member' },
    ]);
    const statusOf = (id: string) => res.body.items.find((c: { id: string }) => c.id === id)?.status;
    expect([statusOf(kindWide.body.id), statusOf(expired.body.id), statusOf(lastDay.body.id)]).toEqual(['valid', 'expired', 'valid']);
    expect(res.body.items).toHaveLength(4);
    const reads = (await auditRows(api, 'consent.read')).filter((a) => a.entity_id === fx.caseA);
    expect(reads.at(-1)).toMatchObject({ person_id: fx.tenantA, actor_id: world.users.counsellor.id, entity_type: 'case' });
  });

  it.each([
    ['a person of another tenancy', () => consent({ personId: fx.personB }), 'personId', 'not_in_household'],
    ['a person who moved out', () => consent({ personId: fx.formerA }), 'personId', 'not_in_household'],
    ['both a partner and a kind', () => consent({ recipientKind: 'volunteer' }), 'recipient', 'exactly_one'],
    ['no recipient', () => consent({ recipientPartnerId: undefined }), 'recipient', 'exactly_one'],
    ['a partner that does not exist', () => consent({ recipientPartnerId: '00000000-0000-4000-8000-000000000000' }), 'recipientPartnerId', 'unknown_partner'],
    ['no data items', () => consent({ dataItems: [] }), 'dataItems', 'arrayMinSize'],
    ['a data item that is not shared', () => consent({ dataItems: ['name', 'cpr'] }), 'dataItems', 'isIn'],
    ['an unknown purpose', () => consent({ purpose: 'marketing' }), 'purpose', 'isIn'],
    ['an unknown channel', () => consent({ givenVia: 'sms' }), 'givenVia', 'isIn'],
    ['a time in the future', () => consent({ givenAt: new Date(Date.now() + HOUR).toISOString() }), 'givenAt', 'in_future'],
    ['a time that is not one', () => consent({ givenAt: 'i går' }), 'givenAt', 'isIso8601'],
    ['an expiry on the day it was given', () => consent({ expiresOn: todayInCopenhagen(new Date(Date.now() - HOUR)) }), 'expiresOn', 'not_after_given'],
    ['an expiry that is no date', () => consent({ expiresOn: '2026-02-30' }), 'expiresOn', 'isCalendarDate'],
    ['a note over 1000 characters', () => consent({ note: 'x'.repeat(1001) }), 'note', 'maxLength'],
  ])('refuses %s (422)', async (_label, body, field, reason) => {
    expectFieldError(await call('counsellor', 'post', path(), body()), field, reason);
  });

  it('accepts a time a few minutes ahead (clock skew); refuses an inactive or foreign partner', async () => {
    expect((await call('counsellor', 'post', path(), consent({ givenAt: new Date(Date.now() + 2 * 60_000).toISOString() }))).status).toBe(201);
    const { partner: closed } = await create(volunteer({ name: 'Lukket forening' }));
    await call('admin', 'put', `/partners/${closed.id}`, { version: 1, active: false });
    expectFieldError(await call('counsellor', 'post', path(), consent({ recipientPartnerId: closed.id })), 'recipientPartnerId', 'partner_inactive');
    const { partner: foreign } = await create(volunteer({ name: 'Fremmed' }), 'otherAdmin');
    expectFieldError(await call('counsellor', 'post', path(), consent({ recipientPartnerId: foreign.id })), 'recipientPartnerId', 'unknown_partner');
  });

  it('a case of another department is not found, for reading, recording and withdrawing', async () => {
    expectError(await call('counsellor', 'get', path(fx.caseB)), 404, 'not_found');
    expectError(await call('counsellor', 'post', path(fx.caseB), consent({ personId: fx.personB })), 404, 'not_found');
    const [mine] = (await call('counsellor', 'get', path())).body.items;
    expectError(await call('counsellorB', 'post', `${path()}/${mine.id}/withdraw`, {}), 404, 'not_found');
    expectError(await call('counsellorB', 'get', path()), 404, 'not_found');
    expectError(await call('otherAdmin', 'get', path()), 404, 'not_found');
    // A consent of another household is not found through this case.
    const b = await call('counsellorB', 'post', path(fx.caseB), consent({ personId: fx.personB }));
    expect(b.status).toBe(201);
    expectError(await call('admin', 'post', `${path()}/${b.body.id}/withdraw`, {}), 404, 'not_found');
  });

  it('withdraws once: status withdrawn, timeline, audit and a sweep for the referrals resting on it', async () => {
    const { body: c } = await call('counsellor', 'post', path(), consent({ purpose: 'social_support' }));
    const sweepsBefore = (await api.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'referrals' AND job_name = 'referrals.sweep'`))[0].n;
    const res = await call('counsellor', 'post', `${path()}/${c.id}/withdraw`, { reason: 'Ønsker ikke hjælp fra frivillige' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, status: 'withdrawn', withdrawnBy: 'Test counsellor', withdrawnReason: 'Ønsker ikke hjælp fra frivillige' });
    expect(res.body.withdrawnAt).toEqual(expect.any(String));
    const twice = await call('counsellor', 'post', `${path()}/${c.id}/withdraw`, {});
    expectError(twice, 409, 'conflict');
    expect(twice.body).toMatchObject({ reason: 'already_withdrawn', current: { status: 'withdrawn' } });
    const events = await api.ds.query(`SELECT data FROM case_event WHERE case_id = $1 AND kind = 'consent_withdrawn'`, [fx.caseA]);
    expect(events.map((e: { data: Record<string, unknown> }) => e.data)).toEqual([
      { consentId: c.id, purpose: 'social_support', recipientPartnerId: pfi, recipientName: 'PFI København', recipientKind: 'volunteer' },
    ]);
    const [audit] = (await auditRows(api, 'consent.withdrawn')).filter((a) => a.entity_id === c.id);
    expect(audit).toMatchObject({ person_id: fx.tenantA, actor_id: world.users.counsellor.id });
    const sweeps = (await api.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'referrals' AND job_name = 'referrals.sweep'`))[0].n;
    expect(sweeps).toBe(sweepsBefore + 1);
    const listed = (await call('counsellor', 'get', path())).body.items.find((x: { id: string }) => x.id === c.id);
    expect(listed.status).toBe('withdrawn');
    expectError(await call('counsellor', 'post', `${path()}/00000000-0000-4000-8000-000000000000/withdraw`, {}), 404, 'not_found');
    expectFieldError(await call('counsellor', 'post', `${path()}/${c.id}/withdraw`, { reason: 'x'.repeat(1001) }), 'reason', 'maxLength');
  });
});
