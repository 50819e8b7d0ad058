/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { Factory, TEST_PASSWORD, TestWorld } from '../support/factories.js';
import { BrowserHarness, screenshot, seriousA11yViolations, startBrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let world: TestWorld;

beforeAll(async () => {
  h = await startBrowserHarness();
  world = await new Factory(h.api.ds).world();
});
afterAll(() => h?.close());

async function login(page: Page, email: string, password = TEST_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Adgangskode', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

async function expectNoSeriousViolations(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

it('shows a clear message for a wrong password, and the login page passes axe', async () => {
  const { context, page } = await h.newPage();
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
  await expectNoSeriousViolations(page, 'login');
  await login(page, world.users.counsellor.email, 'definitely-wrong-password');
  await page.getByText('Forkert e-mail eller adgangskode').waitFor();
  await screenshot(page, 'login-wrong-password');
  await context.close();
});

it('logs in, toggles the language, and logs out', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Goddag' }).waitFor();
  expect(await page.locator('h1').count()).toBe(1);
  await expectNoSeriousViolations(page, 'home');
  await screenshot(page, 'home-da');

  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await screenshot(page, 'home-en');
  await page.reload();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.getByRole('button', { name: /Dansk|Danish/ }).click();
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();

  // The session is gone on the server too: the API answers 401 for the same browser.
  const me = await page.request.get('/api/v1/auth/me');
  expect(me.status()).toBe(401);
  await context.close();
});

it('an admin creates a user who can then log in; admin pages pass axe', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.getByRole('link', { name: 'Brugere' }).click();
  await page.getByRole('heading', { level: 1, name: 'Brugere' }).waitFor();
  await page.getByRole('table').waitFor();
  await expectNoSeriousViolations(page, 'users');
  await screenshot(page, 'admin-users');

  await page.getByRole('button', { name: 'Opret bruger' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Navn').fill('Nina Ny');
  await dialog.getByLabel('E-mail').fill('nina.ny@test.dk');
  await dialog.getByRole('combobox', { name: 'Rolle' }).click();
  await page.getByRole('option', { name: 'Gældsrådgiver' }).click();
  await dialog.getByRole('combobox', { name: 'Afdelinger' }).click();
  await page.getByRole('option').first().click();
  await dialog.getByRole('combobox', { name: 'Rolle' }).click({ force: true });
  await page.keyboard.press('Escape');
  await dialog.getByLabel('Adgangskode').fill('Solsikke-Marmelade-77');
  await expectNoSeriousViolations(page, 'create-user-modal');
  await dialog.getByRole('button', { name: 'Opret' }).click();
  await page.getByText('Brugeren Nina Ny er oprettet.').waitFor();

  await page.getByRole('link', { name: 'API-nøgler' }).click();
  await page.getByRole('heading', { level: 1, name: 'API-nøgler' }).waitFor();
  await expectNoSeriousViolations(page, 'api-keys');
  await page.getByRole('link', { name: 'Revisionslog' }).click();
  await page.getByRole('heading', { level: 1, name: 'Revisionslog' }).waitFor();
  await page.getByRole('table').waitFor();
  await expectNoSeriousViolations(page, 'audit');
  await screenshot(page, 'admin-audit');
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();

  await login(page, 'nina.ny@test.dk', 'Solsikke-Marmelade-77');
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Goddag, Nina Ny' }).waitFor();
  await context.close();
});

it("reloads once when a page's code is gone after a deploy, and shows the error page when it stays gone", async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Goddag' }).waitFor();
  // As after a deploy: the chunk of the users page this tab knows of is no longer served (once).
  let refused = 0;
  await page.route(/\/assets\/UsersPage-[^/]+\.js$/, (route) => (refused++ === 0 ? route.fulfill({ status: 404, body: 'gone' }) : route.continue()));
  const reloaded = page.waitForEvent('load');
  await page.getByRole('link', { name: 'Brugere' }).click();
  await reloaded;
  await page.getByRole('heading', { level: 1, name: 'Brugere' }).waitFor();
  expect(refused).toBe(2);

  // Gone for good: no reload loop, the route error page.
  await page.route(/\/assets\/AuditPage-[^/]+\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  let loads = 0;
  page.on('load', () => loads++);
  await page.getByRole('link', { name: 'Revisionslog' }).click();
  await page.getByRole('link', { name: 'Gå til forsiden' }).waitFor();
  expect(loads).toBeLessThanOrEqual(1);
  await context.close();
});

it('a non-admin is told they lack access to the admin pages', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.caseworker.email);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Goddag' }).waitFor();
  expect(await page.getByRole('link', { name: 'Brugere' }).count()).toBe(0);
  await page.goto('/admin/users');
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(await page.locator('h1').innerText()).not.toBe('Brugere');
  await expectNoSeriousViolations(page, 'forbidden');
  await context.close();
});

it('sends an expired session back to the login page with a notice', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Goddag' }).waitFor();
  await h.api.ds.query(`UPDATE session SET last_seen_at = now() - interval '2 days' WHERE user_id = $1`, [world.users.counsellor.id]);
  await page.reload();
  await page.getByText('Din session er udløbet. Log ind igen.').waitFor();
  await context.close();
});

it('the demo admin that `npm start` prints logs in through the browser', async () => {
  const { DemoSeeder, DEMO_PASSWORD, DEMO_USERS } = await import('@forebyg/demo');
  const { ApiKeysService, PasswordHasher, UserRepository } = await import('@forebyg/auth');
  const { CprVault, PersonRepository } = await import('@forebyg/tenancies');
  const { CaseIntakeService, CasePartsService, CaseRefresher, CasesService } = await import('@forebyg/cases');
  const { PartnersService } = await import('@forebyg/referrals');
  // The test database already holds the factory's organisation; the seeder only fills an empty one.
  await h.api.ds.query('TRUNCATE organisation CASCADE');
  const app = h.api.app;
  const seeder = new DemoSeeder(h.api.ds, app.get(UserRepository), app.get(PasswordHasher), app.get(ApiKeysService), app.get(PersonRepository), app.get(CprVault),
    app.get(CaseIntakeService), app.get(CasesService), app.get(CasePartsService), app.get(CaseRefresher), app.get(PartnersService));
  const creds = await seeder.seed();
  expect(creds?.users.map((u) => u.role)).toEqual(['admin', 'counsellor', 'caseworker', 'property_manager']);
  const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
  const { context, page } = await h.newPage();
  await login(page, admin.email, DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: `Goddag, ${admin.name}` }).waitFor();
  await page.getByRole('link', { name: 'Brugere' }).click();
  await page.getByRole('cell', { name: DEMO_USERS[1]!.email, exact: true }).waitFor();
  await context.close();
});
