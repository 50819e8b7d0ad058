/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Factory, TestWorld } from '../support/factories.js';
import { BrowserHarness, expectNoSeriousViolations, isoDay, login, openCase, screenshot, startBrowserHarness } from '../support/browser.js';

/**
 * The dry run on the routing rules page in a real browser against the real api: an admin tries the stored rules
 * on a case (by its case number, then by a pasted link), raises a rule's weight in the editor without saving, tries
 * again and sees the partner move up, marked; an unknown case number and invalid rules are explained. The stored
 * rules never change. axe finds nothing serious.
 */

let h: BrowserHarness;
let world: TestWorld;
let adminCookie: string;
let caseId: string;
let caseNumber: string;

const OWN = 'Foreningens gældsrådgivning';
const HOUSING = 'Lejerrådgivningen Nord';

beforeAll(async () => {
  h = await startBrowserHarness();
  world = await new Factory(h.api.ds).world();
  adminCookie = await h.api.login(world.users.admin.email);
  const counsellorCookie = await h.api.login(world.users.counsellor.email);

  // Two partners the default rules find for a terminated lease: the own debt counselling (weight 80) first, the
  // tenants' housing advice (weight 40) after it.
  for (const body of [
    { kind: 'own_counselling', name: OWN, channel: 'email', email: 'raad@forening.example', departmentIds: [world.deptA] },
    { kind: 'other', name: HOUSING, channel: 'email', email: 'nord@lejerraad.example', services: ['housing_advice'], requiresConsent: true },
  ]) {
    const created = await h.api.http().post('/api/v1/partners').set('Cookie', adminCookie).send(body);
    if (created.status !== 201) throw new Error(`partner: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const opened = await openCase(h.api, counsellorCookie, {
    tenancy: { departmentId: world.deptA, tenancyNumber: `P-${randomUUID().slice(0, 6)}`, address: 'Prøvevej 3', monthlyRentOre: 600000 },
    tenant: { name: 'Bo Prøve' },
    stage: 'termination',
    arrearsOre: 1_500_000,
    dates: { terminationDate: isoDay(-2) },
  });
  caseId = opened.id;
  caseNumber = opened.caseNumber;
});
afterAll(() => h?.close());

const partnersIn = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-partner')));

async function storedRules() {
  const res = await h.api.http().get('/api/v1/referrals/routing-rules').set('Cookie', adminCookie);
  expect(res.status).toBe(200);
  return res.body as { version: number | null; rules: { rules: { id: string; weight: number }[] } };
}

it('an admin tries the rules on a case, changes a weight, tries again and sees the new ranking; nothing is saved', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Henvisningsregler' }).click();
  await page.getByRole('heading', { level: 1, name: 'Henvisningsregler' }).waitFor();
  const dryRun = page.getByRole('region', { name: 'Prøv reglerne på en sag' });
  await dryRun.getByRole('heading', { level: 2, name: 'Prøv reglerne på en sag' }).waitFor();
  const caseField = dryRun.getByRole('textbox', { name: 'Sagsnummer eller link til sagen' });
  const tryButton = dryRun.getByRole('button', { name: 'Prøv reglerne' }).first();

  // Nothing entered, then a case number nobody has: said at the field.
  await tryButton.click();
  await dryRun.getByText('Skriv et sagsnummer, eller indsæt et link til sagen.').waitFor();
  await caseField.fill('1999-999999');
  await tryButton.click();
  await dryRun.getByText('Der er ingen sag med nummeret 1999-999999, som du har adgang til.').waitFor();
  await expect(caseField.getAttribute('aria-invalid')).resolves.toBe('true');

  // The case by its number: both columns alike while nothing is edited.
  await caseField.fill(` ${caseNumber} `);
  await tryButton.click();
  await page.getByTestId('dry-run-stored').locator(`tr[data-partner="${OWN}"]`).waitFor();
  await dryRun.getByRole('link', { name: `Sag ${caseNumber}` }).waitFor();
  await expect(page.getByTestId('dry-run-facts').innerText()).resolves.toMatch(/^Fase: Ophævelse · Risiko: /);
  expect(await partnersIn(page, 'dry-run-stored')).toEqual([OWN, HOUSING]);
  expect(await partnersIn(page, 'dry-run-edited')).toEqual([OWN, HOUSING]);
  await page.getByTestId('dry-run-summary').getByText('De gemte regler og reglerne her giver de samme anbefalinger.').waitFor();
  const housingRow = page.getByTestId('dry-run-stored').locator(`tr[data-partner="${HOUSING}"]`);
  await expect(housingRow.innerText()).resolves.toMatch(/^2\s[\s\S]*Lejerrådgivning[\s\S]*Boligrådgivning[\s\S]*Mangler samtykke[\s\S]*Regel for boligrådgivning/);
  await expect(page.getByTestId('dry-run-edited').locator('[data-change]').count()).resolves.toBe(0);
  await page.getByRole('table', { name: 'Med de gemte regler' }).waitFor();
  await page.getByRole('table', { name: 'Med reglerne, som de står her (ikke gemt)' }).waitFor();
  await expectNoSeriousViolations(page, 'routing dry run');
  const storedScore = await housingRow.locator('td').nth(2).innerText();

  // The housing advice rule's weight from 40 to 100 in the editor, not saved: the result says it is out of date.
  await page
    .getByTestId('routing-rules')
    .locator('tr[data-rule="housing-advice-after-termination"]')
    .getByRole('button', { name: /^Redigér reglen/ })
    .click();
  const ruleDialog = page.getByRole('dialog', { name: /^Redigér reglen/ });
  await ruleDialog.getByRole('textbox', { name: 'Vægt' }).fill('100');
  await ruleDialog.getByRole('button', { name: 'Anvend' }).click();
  await ruleDialog.waitFor({ state: 'detached' });
  await page.getByTestId('dry-run-stale').waitFor();
  await page.getByText('Der er ændringer, som ikke er gemt.').waitFor();

  await page.getByTestId('dry-run-stale').getByRole('button', { name: 'Prøv reglerne' }).click();
  await page.getByTestId('dry-run-stale').waitFor({ state: 'detached' });
  await page.getByTestId('dry-run-summary').getByText('Ændringerne påvirker 2 samarbejdspartnere.').waitFor();
  expect(await partnersIn(page, 'dry-run-stored')).toEqual([OWN, HOUSING]);
  expect(await partnersIn(page, 'dry-run-edited')).toEqual([HOUSING, OWN]);
  const moved = page.getByTestId('dry-run-edited').locator(`tr[data-partner="${HOUSING}"]`);
  await moved.locator('[data-change="up"]').getByText('Rykket op fra nr. 2').waitFor();
  await moved.locator('[data-change="score"]').getByText(/^Point: \d+ → \d+$/).waitFor();
  const [from, to] = (await moved.locator('[data-change="score"]').innerText()).match(/\d+/g)!.map(Number);
  expect(to! - from!).toBe(60);
  expect(storedScore).toContain(`${from} point`);
  await page.getByTestId('dry-run-edited').locator(`tr[data-partner="${OWN}"] [data-change="down"]`).getByText('Rykket ned fra nr. 1').waitFor();
  await expectNoSeriousViolations(page, 'routing dry run (changed ranking)', { mouseAway: true });
  await screenshot(page, 'routing-dry-run');

  // Nothing was saved: the organisation still has the default rules.
  const after = await storedRules();
  expect(after.version).toBeNull();
  expect(after.rules.rules.find((r) => r.id === 'housing-advice-after-termination')!.weight).toBe(40);
  const [{ n }] = await h.api.ds.query('SELECT count(*)::int AS n FROM routing_rule_set WHERE organisation_id = $1', [world.organisationId]);
  expect(n).toBe(0);

  // A pasted link to the case page works as well.
  await caseField.fill(`${h.baseUrl}/cases/${caseId}?tab=referrals`);
  await tryButton.click();
  await dryRun.getByRole('link', { name: 'Sagen fra linket' }).waitFor();
  expect(await partnersIn(page, 'dry-run-edited')).toEqual([HOUSING, OWN]);

  // Rules the api refuses (here a weight of 150 slipped into the request): the 422's errors in words, and at the rule.
  await page.route('**/routing/dry-run', async (route) => {
    const body = route.request().postDataJSON() as { rules?: { rules: { weight: number }[] } };
    if (!body.rules) return route.continue();
    body.rules.rules[0]!.weight = 150;
    return route.continue({ postData: JSON.stringify(body) });
  });
  await tryButton.click();
  const invalid = page.getByTestId('dry-run-invalid');
  await invalid.getByText('Reglerne, som de står her, kan ikke prøves:').waitFor();
  await invalid.getByText('Regel 1 (Egen gældsrådgivning, alle stadier), Vægt: Er for stor.').waitFor();
  await page.getByTestId('routing-rules').locator('tr[data-rule="own-debt-counselling"] [data-error-field="weight"]').getByText('Er for stor.').waitFor();
  // The stored rules' column still answers.
  expect(await partnersIn(page, 'dry-run-stored')).toEqual([OWN, HOUSING]);
  await expectNoSeriousViolations(page, 'routing dry run (invalid rules)');
  await page.unroute('**/routing/dry-run');

  // English.
  await page.getByRole('button', { name: /skift sprog til engelsk/ }).click();
  await page.getByRole('heading', { level: 2, name: 'Try the rules on a case' }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'With the saved rules' }).waitFor();
  await page
    .getByRole('button', { name: /dansk|Danish/i })
    .first()
    .click();
  await page.getByRole('heading', { level: 2, name: 'Prøv reglerne på en sag' }).waitFor();

  expect((await storedRules()).version).toBeNull();
  await context.close();
});
