import type { Response } from 'supertest';
import { isoWeekOf, mondayOfIsoWeek, previousIsoWeek, todayInCopenhagen } from '@forebyg/domain';
import { Factory, TestWorld } from '../support/factories.js';
import { auditRows, createApiKey, expectError, expectFieldError } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * The department lead (afdelingsleder) over HTTP on a real database: admins see each department's lead, set it to a
 * user who works in the department and clear it, each change audited with the previous and the new lead; anyone
 * else is refused; a lead who cannot work in the department is a 422 on `leadUserId`; and the weekly escalation's
 * preview sends the lead the cases flagged two weeks running, unless the lead no longer qualifies.
 */
let api: TestApi;
let world: TestWorld;
let f: Factory;
type Who = 'admin' | 'counsellor' | 'caseworker' | 'property_manager' | 'otherAdmin';
let cookies: Record<Who, string>;
let fx: { foreignDept: string; foreignUser: string; disabled: string; secondAdmin: { id: string } };

const call = (who: Who, method: 'get' | 'patch', path: string, body?: object): Promise<Response> => {
  const req = api.http()[method](`/api/v1${path}`).set('Cookie', cookies[who]);
  return body === undefined ? req : req.send(body);
};
const setLead = (departmentId: string, leadUserId: unknown, who: Who = 'admin') =>
  call(who, 'patch', `/departments/${departmentId}`, { leadUserId });
const leadOf = async (departmentId: string) =>
  (await api.ds.query('SELECT lead_user_id AS lead FROM department WHERE id = $1', [departmentId]))[0].lead as string | null;
const NOWHERE = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  api = await startTestApi();
  f = new Factory(api.ds);
  world = await f.world();
  const otherOrg = await f.organisation('Anden boligforening');
  const foreignDept = await f.department(otherOrg, 'X1');
  const otherAdmin = await f.user(otherOrg, 'admin', []);
  const foreignUser = (await f.user(otherOrg, 'caseworker', [foreignDept])).id;
  const disabled = (await f.user(world.organisationId, 'caseworker', [world.deptA])).id;
  await api.ds.query('UPDATE app_user SET disabled_at = now() WHERE id = $1', [disabled]);
  fx = { foreignDept, foreignUser, disabled, secondAdmin: await f.user(world.organisationId, 'admin', []) };
  cookies = {
    admin: await api.login(world.users.admin.email),
    counsellor: await api.login(world.users.counsellor.email),
    caseworker: await api.login(world.users.caseworker.email),
    property_manager: await api.login(world.users.property_manager.email),
    otherAdmin: await api.login(otherAdmin.email),
  };
});
afterAll(() => api?.close());
beforeEach(() => api.ds.query('UPDATE department SET lead_user_id = NULL WHERE organisation_id = $1', [world.organisationId]));

describe('the department list', () => {
  it('shows an admin each department’s lead (id and name), and nobody else', async () => {
    await api.ds.query('UPDATE department SET lead_user_id = $2 WHERE id = $1', [world.deptA, world.users.caseworker.id]);
    const res = await call('admin', 'get', '/departments');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((d: { id: string }) => [d.id, d]));
    expect(byId[world.deptA].lead).toEqual({ id: world.users.caseworker.id, name: 'Test caseworker', eligible: true });
    expect(byId[world.deptB].lead).toBeNull();

    const forCounsellor = await call('counsellor', 'get', '/departments');
    expect(forCounsellor.body.items).toHaveLength(1);
    expect(forCounsellor.body.items[0]).not.toHaveProperty('lead');
    const key = await createApiKey(api, cookies.admin, { departmentIds: [world.deptA], scopes: ['departments:read'] });
    const forKey = await api.http().get('/api/v1/departments').set('Authorization', key.authorization);
    expect(forKey.body.items[0]).not.toHaveProperty('lead');
  });

  it('shows a lead who no longer qualifies (disabled, or no longer in the department) as not eligible', async () => {
    const lead = (await f.user(world.organisationId, 'caseworker', [world.deptA, world.deptB])).id;
    await api.ds.query('UPDATE department SET lead_user_id = $2 WHERE id = ANY($1::uuid[])', [[world.deptA, world.deptB], lead]);
    const eligible = async () => {
      const res = await call('admin', 'get', '/departments');
      return Object.fromEntries(res.body.items.map((d: { id: string; lead: { eligible: boolean } | null }) => [d.id, d.lead?.eligible]));
    };
    expect(await eligible()).toMatchObject({ [world.deptA]: true, [world.deptB]: true });
    await api.ds.query('DELETE FROM user_department WHERE user_id = $1 AND department_id = $2', [lead, world.deptB]);
    expect(await eligible()).toMatchObject({ [world.deptA]: true, [world.deptB]: false });
    await api.ds.query('UPDATE app_user SET disabled_at = now() WHERE id = $1', [lead]);
    expect(await eligible()).toMatchObject({ [world.deptA]: false, [world.deptB]: false });
  });
});

describe('setting the lead', () => {
  it('an admin sets a lead who works in the department and clears it again, each change audited', async () => {
    const set = await setLead(world.deptA, world.users.caseworker.id);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ id: world.deptA, lead: { id: world.users.caseworker.id, name: 'Test caseworker' } });
    expect(await leadOf(world.deptA)).toBe(world.users.caseworker.id);

    // The same lead again changes nothing and writes no audit row.
    expect((await setLead(world.deptA, world.users.caseworker.id.toUpperCase())).status).toBe(200);

    const cleared = await setLead(world.deptA, null);
    expect(cleared.status).toBe(200);
    expect(cleared.body.lead).toBeNull();
    expect(await leadOf(world.deptA)).toBeNull();

    const rows = (await auditRows(api, 'department.lead_changed')).filter((r) => r.entity_id === world.deptA);
    expect(
      rows.map((r) => ({ actor: r.actor_id, type: r.entity_type, org: r.organisation_id, outcome: r.outcome, details: r.details })),
    ).toEqual([
      {
        actor: world.users.admin.id,
        type: 'department',
        org: world.organisationId,
        outcome: 'success',
        details: { previousLeadUserId: null, leadUserId: world.users.caseworker.id },
      },
      {
        actor: world.users.admin.id,
        type: 'department',
        org: world.organisationId,
        outcome: 'success',
        details: { previousLeadUserId: world.users.caseworker.id, leadUserId: null },
      },
    ]);
  });

  it('a lead may be a counsellor of the department or an admin (who has every department)', async () => {
    expect((await setLead(world.deptA, world.users.counsellor.id)).body.lead.id).toBe(world.users.counsellor.id);
    expect((await setLead(world.deptB, fx.secondAdmin.id)).body.lead.id).toBe(fx.secondAdmin.id);
    expect((await setLead(world.deptB, world.users.counsellorB.id)).body.lead.id).toBe(world.users.counsellorB.id);
  });

  it.each([
    ['a user of another department', () => world.users.counsellorB.id],
    ['a disabled user', () => fx.disabled],
    ['a property manager (no case reading) of the department', () => world.users.property_manager.id],
    ['a user of another organisation', () => fx.foreignUser],
    ['no user at all', () => NOWHERE],
  ])('refuses %s as lead: 422 on leadUserId, nothing changed', async (_label, user) => {
    expectFieldError(await setLead(world.deptA, user()), 'leadUserId', 'not_eligible_lead');
    expect(await leadOf(world.deptA)).toBeNull();
  });

  it('an unknown department, or one of another organisation, is a 404', async () => {
    expectError(await setLead(NOWHERE, world.users.caseworker.id), 404, 'not_found');
    expectError(await setLead(fx.foreignDept, world.users.caseworker.id), 404, 'not_found');
    expectError(await setLead(world.deptA, fx.foreignUser, 'otherAdmin'), 404, 'not_found');
    expect(await leadOf(fx.foreignDept)).toBeNull();
  });

  it('bad input is a 422 on its field, never a 500', async () => {
    expectFieldError(await setLead('not-a-uuid', null), 'id', 'isUuid');
    expectFieldError(await call('admin', 'patch', `/departments/${world.deptA}`, {}), 'leadUserId');
    for (const bad of ['abc', 42, true, [], {}, '']) expectFieldError(await setLead(world.deptA, bad), 'leadUserId');
    expectFieldError(await call('admin', 'patch', `/departments/${world.deptA}`, { leadUserId: null, name: 'Ny' }), 'name');
    expect(await leadOf(world.deptA)).toBeNull();
  });

  it.each(['counsellor', 'caseworker', 'property_manager'] as const)('a %s gets 403 (audited as access.denied)', async (who) => {
    expectError(await setLead(world.deptA, world.users[who].id, who), 403, 'forbidden');
    expectError(await call(who, 'get', `/departments/${world.deptA}/lead-candidates`), 403, 'forbidden');
    expect(await leadOf(world.deptA)).toBeNull();
    const denied = await auditRows(api, 'access.denied');
    expect(denied.some((r) => r.actor_id === world.users[who].id)).toBe(true);
  });

  it('an API key gets 403', async () => {
    const key = await createApiKey(api, cookies.admin, { departmentIds: [world.deptA], scopes: ['departments:read', 'arrears:write'] });
    const res = await api
      .http()
      .patch(`/api/v1/departments/${world.deptA}`)
      .set('Authorization', key.authorization)
      .send({ leadUserId: null });
    expectError(res, 403, 'forbidden');
  });
});

describe('lead candidates', () => {
  it('lists the active users who read cases and work in the department, admins included', async () => {
    const res = await call('admin', 'get', `/departments/${world.deptA}/lead-candidates`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((u: { id: string }) => u.id).sort();
    expect(ids).toEqual([world.users.admin.id, fx.secondAdmin.id, world.users.counsellor.id, world.users.caseworker.id].sort());
    expect(res.body.total).toBe(4);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      email: expect.any(String),
      role: expect.any(String),
    });
    // Every candidate is accepted as lead.
    for (const id of ids) expect((await setLead(world.deptA, id)).status).toBe(200);
  });

  it('is a 404 for a department outside the organisation', async () => {
    expectError(await call('admin', 'get', `/departments/${fx.foreignDept}/lead-candidates`), 404, 'not_found');
    expectFieldError(await call('admin', 'get', '/departments/nope/lead-candidates'), 'id', 'isUuid');
  });
});

describe('the weekly escalation', () => {
  it('sends the lead set here the cases flagged two weeks running', async () => {
    const lead = world.users.counsellor.id;
    expect((await setLead(world.deptA, lead)).status).toBe(200);
    const week = isoWeekOf(todayInCopenhagen());
    const monday = mondayOfIsoWeek(week);
    // A case without contact for 30 days, flagged last week as well.
    const tenancy = await f.tenancy(world.organisationId, world.deptA);
    const caseId = await f.caseFile(world.organisationId, tenancy);
    await api.ds.query(
      `UPDATE case_file SET responsible_caseworker_id = $2, opened_at = $3::date - 30, last_contact_at = NULL, escalated_week = $4 WHERE id = $1`,
      [caseId, world.users.caseworker.id, monday, previousIsoWeek(week)],
    );
    const preview = await call('admin', 'get', `/escalations/preview?week=${week}`);
    expect(preview.status).toBe(200);
    const toLead = preview.body.messages.find((m: { userId: string; audience: string }) => m.audience === 'lead');
    expect(toLead).toMatchObject({ userId: lead, audience: 'lead', items: [expect.objectContaining({ caseId })] });

    // Cleared, the lead hears nothing.
    await setLead(world.deptA, null);
    const after = await call('admin', 'get', `/escalations/preview?week=${week}`);
    expect(after.body.messages.filter((m: { audience: string }) => m.audience === 'lead')).toEqual([]);

    // A lead who has since left the department (or been disabled) is not written to either.
    const leaving = (await f.user(world.organisationId, 'counsellor', [world.deptA])).id;
    expect((await setLead(world.deptA, leaving)).status).toBe(200);
    const withLead = await call('admin', 'get', `/escalations/preview?week=${week}`);
    expect(withLead.body.messages.filter((m: { audience: string }) => m.audience === 'lead').map((m: { userId: string }) => m.userId)).toEqual([leaving]);
    await api.ds.query('DELETE FROM user_department WHERE user_id = $1', [leaving]);
    const gone = await call('admin', 'get', `/escalations/preview?week=${week}`);
    expect(gone.body.messages.filter((m: { audience: string }) => m.audience === 'lead')).toEqual([]);
  });
});
