import { ROLE_PERMISSIONS } from '@forebyg/core';
import { Factory, TEST_PASSWORD, TestWorld } from '../support/factories.js';
import { auditRows, expectError, sessionIdOf } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/** Server-side sessions: cookie attributes, logout, rotation at login, disabling, idle and absolute expiry. */
let api: TestApi;
let f: Factory;
let world: TestWorld;
let adminCookie: string;

beforeAll(async () => {
  api = await startTestApi();
  f = new Factory(api.ds);
  world = await f.world();
  adminCookie = await api.login(world.users.admin.email);
});
afterAll(() => api?.close());

const me = (cookie: string) => api.http().get('/api/v1/auth/me').set('Cookie', cookie);
const setCookies = (res: { headers: Record<string, unknown> }) => [res.headers['set-cookie'] ?? []].flat() as string[];
const sessionCookieOf = (res: { headers: Record<string, unknown> }) => setCookies(res).find((c) => c.startsWith('forebyg_session='));

async function newUser(role: 'caseworker' | 'counsellor' = 'caseworker') {
  return f.user(world.organisationId, role, [world.deptA]);
}

it('login sets an httpOnly, SameSite=Strict session cookie for the whole site, and /me answers with it', async () => {
  const res = await api.http().post('/api/v1/auth/login').send({ email: world.users.counsellor.email, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    user: {
      id: world.users.counsellor.id,
      email: world.users.counsellor.email,
      name: 'Test counsellor',
      role: 'counsellor',
      departmentIds: [world.deptA],
      language: 'da',
      permissions: [...ROLE_PERMISSIONS.counsellor],
    },
  });
  const cookie = sessionCookieOf(res)!;
  expect(cookie).toBeDefined();
  const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
  // http://localhost in tests: not Secure; the cookie still expires with the session's absolute lifetime.
  expect(attributes).not.toContain('secure');
  const expires = attributes.find((a) => a.startsWith('expires='))!;
  const hours = (Date.parse(expires.slice('expires='.length)) - Date.now()) / 3600_000;
  expect(hours).toBeGreaterThan(11.9);
  expect(hours).toBeLessThanOrEqual(12);
  // The cookie holds a random token; the database only its hash.
  const token = cookie.split(';')[0]!.slice('forebyg_session='.length);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const [row] = await api.ds.query('SELECT id, user_id FROM session WHERE id = $1', [sessionIdOf(cookie.split(';')[0]!)]);
  expect(row).toEqual({ id: sessionIdOf(cookie.split(';')[0]!), user_id: world.users.counsellor.id });
  expect(await api.ds.query('SELECT 1 FROM session WHERE id = $1', [token])).toEqual([]);

  const who = await me(cookie.split(';')[0]!);
  expect(who.status).toBe(200);
  expect(who.body).toMatchObject({ id: world.users.counsellor.id, role: 'counsellor' });
});

it('logout ends the session: the old cookie gets 401 and the cookie is cleared', async () => {
  const cookie = await api.login(world.users.caseworker.email);
  expect((await me(cookie)).status).toBe(200);
  const out = await api.http().post('/api/v1/auth/logout').set('Cookie', cookie);
  expect(out.status).toBe(204);
  expect(sessionCookieOf(out)).toMatch(/^forebyg_session=;.*Expires=Thu, 01 Jan 1970/i);
  expectError(await me(cookie), 401, 'unauthenticated');
  const [session] = await api.ds.query('SELECT revoked_reason FROM session WHERE id = $1', [sessionIdOf(cookie)]);
  expect(session.revoked_reason).toBe('logout');
  expect((await auditRows(api, 'auth.logout')).some((r) => r.actor_id === world.users.caseworker.id)).toBe(true);
});

it('a second login from the same browser revokes the previous session; other browsers keep theirs', async () => {
  const user = await newUser();
  const otherBrowser = await api.login(user.email);
  const first = await api.login(user.email);
  const res = await api.http().post('/api/v1/auth/login').set('Cookie', first).send({ email: user.email, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  const second = sessionCookieOf(res)!.split(';')[0]!;
  expect(second).not.toBe(first);

  expectError(await me(first), 401, 'unauthenticated');
  expect((await me(second)).status).toBe(200);
  expect((await me(otherBrowser)).status).toBe(200);
  const [old] = await api.ds.query('SELECT revoked_reason FROM session WHERE id = $1', [sessionIdOf(first)]);
  expect(old.revoked_reason).toBe('rotated');
});

it('a failed login does not touch the session the browser already has', async () => {
  const user = await newUser();
  const cookie = await api.login(user.email);
  const res = await api.http().post('/api/v1/auth/login').set('Cookie', cookie).send({ email: user.email, password: 'wrong-password-123' });
  expectError(res, 401, 'invalid_credentials');
  expect((await me(cookie)).status).toBe(200);
});

describe('a disabled user', () => {
  it('loses the session at once and cannot log in again; re-enabled, they can', async () => {
    const user = await newUser();
    const cookie = await api.login(user.email);
    expect((await me(cookie)).status).toBe(200);

    const patch = await api.http().patch(`/api/v1/users/${user.id}`).set('Cookie', adminCookie).send({ disabled: true });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ id: user.id, disabled: true });

    expectError(await me(cookie), 401, 'unauthenticated');
    const again = await api
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '10.0.0.77')
      .send({ email: user.email, password: TEST_PASSWORD });
    expectError(again, 401, 'invalid_credentials');
    // Same answer as a wrong password: a disabled account cannot be told apart from outside.
    expect(again.body.message).toBe('Wrong e-mail or password');
    expect((await auditRows(api, 'user.disabled')).map((r) => r.entity_id)).toContain(user.id);
    const failed = (await auditRows(api, 'auth.login_failed')).filter((r) => r.actor_id === user.id);
    expect(failed.map((r) => r.details.reason)).toEqual(['disabled']);

    const enable = await api.http().patch(`/api/v1/users/${user.id}`).set('Cookie', adminCookie).send({ disabled: false });
    expect(enable.body.disabled).toBe(false);
    expectError(await me(cookie), 401, 'unauthenticated');
    expect((await me(await api.login(user.email, TEST_PASSWORD, '10.0.0.78'))).status).toBe(200);
  });

  it('an admin cannot disable themselves', async () => {
    const res = await api.http().patch(`/api/v1/users/${world.users.admin.id}`).set('Cookie', adminCookie).send({ disabled: true });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'disabled', reason: 'cannot_demote_self' })]);
    expect((await me(adminCookie)).status).toBe(200);
  });
});

it.each([
  ['a change of role', () => ({ role: 'counsellor' })],
  ['a change of departments', () => ({ departmentIds: [world.deptB] })],
])('%s ends the user’s sessions (rights are read at login)', async (_label, patchBody) => {
  const user = await newUser();
  const cookie = await api.login(user.email);
  expect((await api.http().patch(`/api/v1/users/${user.id}`).set('Cookie', adminCookie).send(patchBody())).status).toBe(200);
  expectError(await me(cookie), 401, 'unauthenticated');
  const [row] = await api.ds.query('SELECT revoked_reason FROM session WHERE id = $1', [sessionIdOf(cookie)]);
  expect(row.revoked_reason).toBe('rights_changed');
});

it('a password reset by an admin ends the user’s sessions and the new password works', async () => {
  const user = await newUser();
  const cookie = await api.login(user.email);
  const reset = await api
    .http()
    .post(`/api/v1/users/${user.id}/password`)
    .set('Cookie', adminCookie)
    .send({ password: 'Ny-Lang-Adgangskode-2026' });
  expect(reset.status).toBe(204);
  expectError(await me(cookie), 401, 'unauthenticated');
  expectError(
    await api.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.0.0.90').send({ email: user.email, password: TEST_PASSWORD }),
    401,
    'invalid_credentials',
  );
  expect((await me(await api.login(user.email, 'Ny-Lang-Adgangskode-2026', '10.0.0.91'))).status).toBe(200);
});

describe('expiry', () => {
  async function expectExpired(cookie: string, userId: string) {
    const res = await me(cookie);
    expectError(res, 401, 'session_expired');
    expect(sessionCookieOf(res)).toMatch(/^forebyg_session=;/);
    const rows = (await auditRows(api, 'auth.session_expired')).filter((r) => r.actor_id === userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'user', outcome: 'success', organisation_id: world.organisationId });
    // The expired session is revoked: the next try is a plain 401 and writes no second audit row.
    expectError(await me(cookie), 401, 'unauthenticated');
    expect((await auditRows(api, 'auth.session_expired')).filter((r) => r.actor_id === userId)).toHaveLength(1);
    const [row] = await api.ds.query('SELECT revoked_reason FROM session WHERE id = $1', [sessionIdOf(cookie)]);
    expect(row.revoked_reason).toBe('expired');
  }

  it('an idle session (last seen more than SESSION_IDLE_MINUTES ago) expires', async () => {
    const user = await newUser();
    const cookie = await api.login(user.email);
    await api.ds.query(`UPDATE session SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [sessionIdOf(cookie)]);
    await expectExpired(cookie, user.id);
  });

  it('use within the idle window keeps the session alive and moves last_seen_at forward', async () => {
    const user = await newUser();
    const cookie = await api.login(user.email);
    await api.ds.query(`UPDATE session SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [sessionIdOf(cookie)]);
    expect((await me(cookie)).status).toBe(200);
    const [row] = await api.ds.query(`SELECT extract(epoch FROM now() - last_seen_at)::int AS age FROM session WHERE id = $1`, [
      sessionIdOf(cookie),
    ]);
    expect(row.age).toBeLessThan(60);
  });

  it('a session past its absolute lifetime expires even when in use', async () => {
    const user = await newUser();
    const cookie = await api.login(user.email);
    await api.ds.query(`UPDATE session SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = $1`, [
      sessionIdOf(cookie),
    ]);
    await expectExpired(cookie, user.id);
  });
});
