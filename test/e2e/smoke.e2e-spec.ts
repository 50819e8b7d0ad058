import { Factory } from '../support/factories.js';
import { startTestApi, TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

it('boots, logs in and answers /me', async () => {
  const f = new Factory(api.ds);
  const world = await f.world();
  expect((await api.http().get('/health')).status).toBe(200);
  const ready = await api.http().get('/health/ready');
  expect(ready.body).toMatchObject({ status: 'ok' });
  const cookie = await api.login(world.users.counsellor.email);
  const me = await api.http().get('/api/v1/auth/me').set('Cookie', cookie);
  expect(me.status).toBe(200);
  expect(me.body.role).toBe('counsellor');
  // The role's permissions, for the UI to show what they allow (notes and referrals yes, partner administration no).
  expect(me.body.permissions).toEqual(expect.arrayContaining(['case-notes:read', 'referrals:write', 'consents:write']));
  expect(me.body.permissions).not.toContain('partners:admin');
});
