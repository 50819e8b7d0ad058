import { Factory, TEST_PASSWORD, TestWorld } from '../support/factories.js';
import { auditRows, expectError } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * Login throttling: 5 consecutive failures for one account from one IP block that pair (not the account
 * everywhere, so an attacker cannot lock the real user out), 8 failures from one IP per day block the IP,
 * and a successful login clears its account+IP counter.
 */
const PER_ACCOUNT_AND_IP = 5;
const PER_IP_PER_DAY = 8;
const BLOCK_MINUTES = 60;

let api: TestApi;
let f: Factory;
let world: TestWorld;

beforeAll(async () => {
  api = await startTestApi({
    LOGIN_MAX_FAILS_PER_ACCOUNT_AND_IP: String(PER_ACCOUNT_AND_IP),
    LOGIN_MAX_FAILS_PER_IP_PER_DAY: String(PER_IP_PER_DAY),
    LOGIN_BLOCK_MINUTES: String(BLOCK_MINUTES),
  });
  f = new Factory(api.ds);
  world = await f.world();
});
afterAll(() => api?.close());

const login = (email: string, password: string, ip: string) =>
  api.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

const newUser = () => f.user(world.organisationId, 'counsellor', [world.deptA]);

function expectThrottled(res: Awaited<ReturnType<typeof login>>, maxSeconds: number) {
  expectError(res, 429, 'too_many_attempts');
  expect(res.body.retryAfterSeconds).toEqual(expect.any(Number));
  expect(res.body.retryAfterSeconds).toBeGreaterThan(0);
  expect(res.body.retryAfterSeconds).toBeLessThanOrEqual(maxSeconds);
  expect(res.headers['retry-after']).toBe(String(res.body.retryAfterSeconds));
  expect(res.headers['set-cookie']).toBeUndefined();
}

it('blocks an account from the attacker’s IP after 5 failures, even with the right password; the user elsewhere still logs in', async () => {
  const victim = await newUser();
  const attacker = '198.51.100.10';
  for (let i = 1; i <= PER_ACCOUNT_AND_IP; i++) {
    // Case and whitespace do not make a new account key.
    const email = i % 2 ? victim.email.toUpperCase() : ` ${victim.email} `;
    expectError(await login(email, `guess-number-${i}-xyz`, attacker), 401, 'invalid_credentials');
  }
  expectThrottled(await login(victim.email, TEST_PASSWORD, attacker), BLOCK_MINUTES * 60);
  expectThrottled(await login(victim.email, 'another-guess-xyz', attacker), BLOCK_MINUTES * 60);

  const real = await login(victim.email, TEST_PASSWORD, '203.0.113.20');
  expect(real.status).toBe(200);
  expect(real.body.user.id).toBe(victim.id);

  // Another account from the attacker's IP is not blocked by this account's counter (the IP is below its daily cap).
  const bystander = await newUser();
  expect((await login(bystander.email, TEST_PASSWORD, attacker)).status).toBe(200);

  const throttled = (await auditRows(api, 'auth.login_throttled')).filter((r) => r.actor_label === victim.email);
  expect(throttled).toHaveLength(2);
  expect(throttled[0]).toMatchObject({ outcome: 'denied', ip: attacker });
  const failed = (await auditRows(api, 'auth.login_failed')).filter((r) => r.actor_id === victim.id);
  expect(failed).toHaveLength(PER_ACCOUNT_AND_IP);
  expect(failed.every((r) => r.ip === attacker && r.details.reason === 'wrong_password')).toBe(true);
});

it('a throttled attempt is not checked at all: it neither logs in nor counts as another failure', async () => {
  const victim = await newUser();
  const attacker = '198.51.100.11';
  for (let i = 0; i < PER_ACCOUNT_AND_IP; i++) await login(victim.email, 'nope-nope-nope', attacker);
  const before = (await auditRows(api, 'auth.login_failed')).length;
  expectThrottled(await login(victim.email, TEST_PASSWORD, attacker), BLOCK_MINUTES * 60);
  expect((await auditRows(api, 'auth.login_failed')).length).toBe(before);
  const [user] = await api.ds.query('SELECT last_login_at FROM app_user WHERE id = $1', [victim.id]);
  expect(user.last_login_at).toBeNull();
});

it('caps failures per IP per day across accounts (password spraying), including unknown accounts', async () => {
  const sprayer = '198.51.100.12';
  const targets = await Promise.all(Array.from({ length: PER_IP_PER_DAY }, () => newUser()));
  for (const [i, t] of targets.entries()) {
    const email = i === 0 ? 'nobody-here@test.dk' : t.email;
    expectError(await login(email, 'Sommer2024!', sprayer), 401, 'invalid_credentials');
  }
  // The 9th try from that IP is refused for any account, with a retry hint of up to a day.
  const fresh = await newUser();
  expectThrottled(await login(fresh.email, TEST_PASSWORD, sprayer), 24 * 3600);
  expectThrottled(await login(targets[1]!.email, TEST_PASSWORD, sprayer), 24 * 3600);
  // The accounts themselves are fine from anywhere else.
  expect((await login(fresh.email, TEST_PASSWORD, '203.0.113.21')).status).toBe(200);
  expect((await login(targets[1]!.email, TEST_PASSWORD, '203.0.113.21')).status).toBe(200);
});

it('a successful login resets the account+IP counter', async () => {
  const user = await newUser();
  const ip = '198.51.100.13';
  // 3 + 3 failures: 6 would block without the reset, and stay below the IP's daily cap of 8.
  for (let i = 0; i < 3; i++) expectError(await login(user.email, 'typo-typo-typo', ip), 401, 'invalid_credentials');
  expect((await login(user.email, TEST_PASSWORD, ip)).status).toBe(200);
  for (let i = 0; i < 3; i++) expectError(await login(user.email, 'typo-typo-typo', ip), 401, 'invalid_credentials');
  expect((await login(user.email, TEST_PASSWORD, ip)).status).toBe(200);
});

it('validation errors do not count as failed logins', async () => {
  const user = await newUser();
  const ip = '198.51.100.14';
  for (let i = 0; i < PER_ACCOUNT_AND_IP + 2; i++) {
    expect((await api.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email: user.email })).status).toBe(422);
  }
  expect((await login(user.email, TEST_PASSWORD, ip)).status).toBe(200);
});
