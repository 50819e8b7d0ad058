import { ApiKeysService, PasswordHasher, UserRepository } from '@forebyg/auth';
import { CaseIntakeService, CasePartsService, CaseRefresher, CasesService } from '@forebyg/cases';
import { PartnersService } from '@forebyg/referrals';
import { CprVault, PersonRepository } from '@forebyg/tenancies';
import { startTestApi, TestApi } from '../../../test/support/test-api.js';
import { DEMO_CASES } from './demo-cases.js';
import { DEMO_PARTNERS, DEMO_PASSWORD } from './demo-data.js';
import { DemoSeeder } from './demo-seeder.js';

/** `npm start` on an empty database shows a caseload worth looking at: live deadlines, every stage, closed cases. */
let api: TestApi;
let seeder: DemoSeeder;

beforeAll(async () => {
  api = await startTestApi();
  const app = api.app;
  seeder = new DemoSeeder(
    api.ds,
    app.get(UserRepository),
    app.get(PasswordHasher),
    app.get(ApiKeysService),
    app.get(PersonRepository),
    app.get(CprVault),
    app.get(CaseIntakeService),
    app.get(CasesService),
    app.get(CasePartsService),
    app.get(CaseRefresher),
    app.get(PartnersService),
  );
});
afterAll(() => api?.close());

it('loads the demo organisation with its caseload once, and only into an empty database', async () => {
  const creds = await seeder.seed();
  expect(creds).not.toBeNull();
  expect(await seeder.seed()).toBeNull();

  const counsellor = await api.login('raadgiver@forebyg.local', DEMO_PASSWORD);
  const mine = await api.http().get('/api/v1/cases?status=all&pageSize=100').set('Cookie', counsellor);
  expect(mine.status).toBe(200);
  const expectedMine = DEMO_CASES.filter((c) => c.assign === 'counsellor');
  expect(mine.body.total).toBe(expectedMine.length);
  expect(new Set(mine.body.items.map((c: { stage: string }) => c.stage))).toEqual(new Set(expectedMine.map((c) => c.stage)));
  expect(mine.body.items.filter((c: { status: string }) => c.status === 'closed').map((c: { outcome: string }) => c.outcome)).toEqual(['payment_agreement']);

  const admin = await api.login('admin@forebyg.local', DEMO_PASSWORD);
  const all = await api.http().get('/api/v1/cases?assignee=any&status=all&pageSize=100').set('Cookie', admin);
  expect(all.body.total).toBe(DEMO_CASES.length);
  const open = all.body.items.filter((c: { status: string }) => c.status === 'open');
  // Every open case has a live clock and a scored risk; the list is ranked by risk.
  expect(open.every((c: { nextStep: { dueDate: string | null } | null }) => c.nextStep?.dueDate)).toBe(true);
  const ranks = open.map((c: { risk: { score: number } }) => c.risk.score);
  expect(new Set(open.map((c: { risk: { level: string } }) => c.risk.level)).size).toBeGreaterThanOrEqual(3);
  expect(ranks.length).toBe(DEMO_CASES.filter((c) => !c.closed).length);

  const broken = all.body.items.find((c: { tenancyNumber: string }) => c.tenancyNumber === '101-0058');
  const detail = await api.http().get(`/api/v1/cases/${broken.id}`).set('Cookie', counsellor);
  expect(detail.body.agreement.status).toBe('broken');
  expect(detail.body.risk.reasons.map((r: { factor: string }) => r.factor)).toContain('broken_agreement');

  // The partners a referral can go to, and the engine recommends from them for a demo case.
  const partners = await api.http().get('/api/v1/partners').set('Cookie', counsellor);
  expect(partners.body.items.map((p: { kind: string }) => p.kind).sort()).toEqual(DEMO_PARTNERS.map((p) => p.kind).sort());
  const referrals = await api.http().get(`/api/v1/cases/${broken.id}/referrals`).set('Cookie', counsellor);
  expect(referrals.status).toBe(200);
  expect(referrals.body.recommendations.length).toBeGreaterThan(0);
});
