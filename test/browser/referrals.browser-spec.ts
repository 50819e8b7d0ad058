/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signRespondToken, webhookHeaders } from '@forebyg/domain';
import { MessageContent } from '@forebyg/referrals';
import { Factory, TestWorld } from '../support/factories.js';
import {
  BrowserHarness,
  choose,
  expectNoSeriousViolations,
  isoDay,
  login,
  openCase,
  screenshot,
  startBrowserHarness,
} from '../support/browser.js';

/**
 * Referrals in a real browser against the real api: a counsellor records the tenant's consent in the consent
 * panel, sends the recommended referral from the case page, the partner accepts by a signed callback, and the case
 * shows "Accepteret"; the partner's public answer page (signed link, no login, a bad link explained); an admin
 * creates a partner (its secret shown once), edits it through a 409, rotates the secret; the routing rules editor
 * with field errors at the field and a 409; the dead letter with "Send igen". axe finds nothing serious anywhere.
 * No worker runs: messages to partners stay pending (the dead letter is made by hand).
 */

let h: BrowserHarness;
let world: TestWorld;
let adminCookie: string;
let counsellorCookie: string;
let partner: { id: string; secret: string; name: string };
let caseId: string;
let caseNumber: string;
let referralId: string;

const PARTNER = 'Hjælp til Hverdag';

beforeAll(async () => {
  h = await startBrowserHarness();
  world = await new Factory(h.api.ds).world();
  adminCookie = await h.api.login(world.users.admin.email);
  counsellorCookie = await h.api.login(world.users.counsellor.email);

  // A volunteer organisation on the e-mail channel that needs consent, seeded by an admin through the api.
  const created = await h.api
    .http()
    .post('/api/v1/partners')
    .set('Cookie', adminCookie)
    .send({
      kind: 'volunteer',
      name: PARTNER,
      channel: 'email',
      email: 'henvisning@hjaelp.example',
      services: ['debt_counselling'],
      languages: ['da', 'ar'],
      capacity: 4,
      accredited: true,
      requiresConsent: true,
    });
  if (created.status !== 201) throw new Error(`partner: ${created.status} ${JSON.stringify(created.body)}`);
  expect(created.body.secret).toMatch(/^whsec_/);
  partner = { id: created.body.partner.id, secret: created.body.secret, name: PARTNER };

  // A case with a high risk (termination, large arrears, children): the default rules recommend volunteer debt counselling.
  const opened = await openCase(h.api, counsellorCookie, {
    tenancy: {
      departmentId: world.deptA,
      tenancyNumber: `H-${randomUUID().slice(0, 6)}`,
      address: 'Hvidovrevej 7',
      unit: '1. th',
      monthlyRentOre: 650000,
    },
    tenant: { name: 'Amira Hansen', phone: '20304050', email: 'amira@example.dk' },
    stage: 'termination',
    arrearsOre: 1_950_000,
    childrenInHousehold: 2,
    dates: { terminationDate: isoDay(-3) },
  });
  caseId = opened.id;
  caseNumber = opened.caseNumber;
});
afterAll(() => h?.close());

const nav = (page: Page) => page.getByRole('navigation', { name: 'Hovedmenu' });

/** The partner's signed callback (Standard Webhooks, the partner's own secret). */
async function partnerAnswers(status: string, note: string) {
  const raw = JSON.stringify({ referralId, status, note, at: new Date().toISOString() });
  const headers = webhookHeaders([partner.secret], `msg_${randomUUID()}`, Math.floor(Date.now() / 1000), raw);
  return h.api.http().post('/api/v1/partner-responses').set(headers).set('Content-Type', 'application/json').send(raw);
}

it('a counsellor records consent, sends the recommended referral from the case page and sees it accepted', async () => {
  const overview = await h.api.http().get(`/api/v1/cases/${caseId}/referrals`).set('Cookie', counsellorCookie);
  expect(overview.status).toBe(200);
  expect(overview.body.recommendations).toEqual(
    expect.arrayContaining([expect.objectContaining({ partnerId: partner.id, needsConsent: true, consentOnFile: false })]),
  );

  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: caseNumber }).waitFor();

  // Without consent on file, "Send" explains what is missing and offers to record it (a counsellor may not override).
  await page.getByRole('tab', { name: 'Henvisninger' }).click();
  await page
    .getByTestId('recommendations')
    .getByRole('button', { name: `Send henvisning til ${PARTNER}` })
    .click();
  const missing = page.getByRole('dialog', { name: 'Samtykke mangler' });
  await missing.getByTestId('consent-missing').getByText(`${PARTNER} kræver borgerens samtykke`, { exact: false }).waitFor();
  await missing.getByRole('button', { name: 'Registrér samtykke' }).waitFor();
  await expect(missing.getByRole('button', { name: 'Send uden samtykke' }).count()).resolves.toBe(0);
  await expectNoSeriousViolations(page, 'consent missing');
  await missing.getByRole('button', { name: 'Annuller' }).click();
  await missing.waitFor({ state: 'detached' });

  // The consent panel: record the tenant's written consent to this partner for debt counselling.
  await page.getByRole('tab', { name: 'Samtykker' }).click();
  const consentPanel = page.getByTestId('consent-panel');
  await consentPanel.getByText('Der er ikke registreret samtykker.').waitFor();
  await consentPanel.getByRole('button', { name: 'Registrér samtykke' }).click();
  const dialog = page.getByRole('dialog', { name: 'Registrér samtykke' });
  await dialog.getByRole('checkbox', { name: 'Navn' }).waitFor();
  await expect(
    dialog
      .getByRole('textbox', { name: 'Person, der giver samtykke' })
      .or(dialog.getByRole('combobox', { name: 'Person, der giver samtykke' }))
      .first()
      .inputValue(),
  ).resolves.toContain('Amira Hansen');
  await choose(dialog, page, 'Samarbejdspartner', `${PARTNER} (Frivillig organisation)`);
  await choose(dialog, page, 'Formål', 'Gældsrådgivning');
  // Name, phone, e-mail and preferred language are ticked by default.
  for (const item of ['Navn', 'Telefon', 'E-mail', 'Foretrukket sprog'])
    await expect(dialog.getByRole('checkbox', { name: item }).isChecked()).resolves.toBe(true);
  await expect(dialog.getByRole('checkbox', { name: 'Restance' }).isChecked()).resolves.toBe(false);
  // "How" has no default: the form says so.
  await dialog.getByRole('button', { name: 'Registrér samtykke' }).click();
  await dialog.getByText('Skal udfyldes.').waitFor();
  await dialog.getByRole('radio', { name: 'Skriftligt' }).check();
  await expectNoSeriousViolations(page, 'consent modal');
  await dialog.getByRole('button', { name: 'Registrér samtykke' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('Samtykket er registreret.').waitFor();
  const consentRow = page.getByTestId('consents').locator('tbody tr').first();
  await expect(consentRow.innerText()).resolves.toMatch(
    new RegExp(
      `Amira Hansen[\\s\\S]*til ${PARTNER}[\\s\\S]*Gældsrådgivning[\\s\\S]*Navn, Telefon, E-mail, Foretrukket sprog[\\s\\S]*Skriftligt · til det trækkes tilbage[\\s\\S]*Gyldigt`,
    ),
  );
  await expectNoSeriousViolations(page, 'consent panel');

  // The referral panel: the recommendation now has consent on file; send it.
  await page.getByRole('tab', { name: 'Henvisninger' }).click();
  await page.waitForURL((url) => url.searchParams.get('tab') === 'referrals');
  const recommendations = page.getByTestId('recommendations');
  const recRow = recommendations.locator(`tr[data-partner="${PARTNER}"]`);
  await recRow.getByText('Samtykke foreligger').first().waitFor();
  const reasons = await recRow.innerText();
  for (const sentence of ['Dækker hele landet', 'Har 4 ledige pladser', 'Akkrediteret', 'Regel for gældsrådgivning'])
    expect(reasons).toContain(sentence);
  await expect(page.getByTestId('referrals-panel').getByText('Der er ingen henvisninger på sagen endnu.').count()).resolves.toBe(1);
  await expectNoSeriousViolations(page, 'referral panel (recommendations)');
  await recRow.getByRole('button', { name: `Send henvisning til ${PARTNER}` }).click();
  await page.getByText(`Henvisningen er sendt til ${PARTNER}.`).waitFor();
  const referralRow = page.getByTestId('referrals').locator(`tr[data-partner="${PARTNER}"]`);
  await referralRow.locator('[data-status="sent"]').waitFor();
  await expect(referralRow.innerText()).resolves.toContain('Sendt');
  // The recommendation stays, flagged, without a second "Send".
  await recRow.getByText('Allerede henvist').first().waitFor();
  await expect(recRow.getByRole('button', { name: `Send henvisning til ${PARTNER}` }).count()).resolves.toBe(0);
  await page.getByTestId('timeline').getByText(`Henvisning sendt til ${PARTNER}.`, { exact: false }).first().waitFor();

  const after = await h.api.http().get(`/api/v1/cases/${caseId}/referrals`).set('Cookie', counsellorCookie);
  const referral = after.body.items.find((r: { partnerId: string }) => r.partnerId === partner.id);
  expect(referral).toMatchObject({ status: 'sent', origin: 'manual' });
  referralId = referral.id;

  // The partner accepts by its signed callback.
  const accepted = await partnerAnswers('accepted', 'Vi ringer torsdag');
  expect(accepted.status).toBe(200);

  await page.reload();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: caseNumber }).waitFor();
  await referralRow.locator('[data-status="accepted"]').waitFor();
  await expect(referralRow.innerText()).resolves.toMatch(/Accepteret[\s\S]*Vi ringer torsdag/);
  await page
    .getByTestId('timeline')
    .getByText(`${PARTNER} svarede: accepteret. (svar fra partneren) »Vi ringer torsdag«`)
    .first()
    .waitFor();
  await expectNoSeriousViolations(page, 'referral panel (accepted)');
  await screenshot(page, 'referrals-case-accepted');

  // English: the same panel translated, dates still dd-mm-yyyy.
  await page.getByRole('button', { name: /skift sprog til engelsk/ }).click();
  await referralRow.getByText('Accepted').waitFor();
  await recRow.getByText('Already referred').first().waitFor();
  await page
    .getByRole('button', { name: /dansk|Danish/i })
    .first()
    .click();
  await referralRow.getByText('Accepteret').waitFor();
  await context.close();
});

/**
 * The path of a signed answer link (what the e-mail's respondUrl holds) whose token's signature does, or does
 * not, contain a '-' or '_'. See the known problem below: the api's client-route fallback takes a URL ending in
 * ".<letters and digits>" for a file.
 */
function answerLink(id: string, withSymbol: boolean): { path: string; token: string } {
  const key = h.api.app.get(MessageContent, { strict: false }).key;
  for (let i = 0; ; i += 1) {
    const token = signRespondToken(key, id, new Date(Date.now() + 14 * 86_400_000 + i * 1000));
    if (/[-_]/.test(token.split('.')[1]!) === withSymbol) return { path: `/svar/${id}?token=${encodeURIComponent(token)}`, token };
  }
}

it('the partner answers on the public page of the signed link, without logging in; a bad link is explained', async () => {
  expect(referralId).toBeDefined();
  const link = answerLink(referralId, true);
  const { context, page } = await h.newPage();
  await page.goto(link.path);
  await page.getByRole('heading', { level: 1, name: `Svar på henvisning ${caseNumber}` }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/svar/${referralId}`);
  expect(await page.locator('h1').count()).toBe(1);
  const facts = await page.getByRole('table', { name: 'Henvisningen' }).innerText();
  expect(facts).toMatch(/Formål\s+Gældsrådgivning/);
  expect(facts).toMatch(/Status\s+Accepteret/);
  await page.getByRole('table', { name: 'Borgeren' }).getByText('Amira Hansen').waitFor();
  // Accepted: what may follow is completed or no-show.
  const answers = page.getByRole('radiogroup', { name: 'Svar' });
  await expect(answers.getByRole('radio').count()).resolves.toBe(2);
  await expectNoSeriousViolations(page, 'partner answer page');
  await screenshot(page, 'referrals-partner-answer');

  await page.getByRole('button', { name: 'Send svar' }).click();
  await page.getByText('Vælg et svar.').waitFor();
  await answers.getByRole('radio', { name: 'Gennemført – forløbet er afsluttet' }).check();
  await page.getByRole('textbox', { name: 'Besked (valgfri)' }).fill('Budget lagt, afdrag aftalt.');
  await page.getByRole('button', { name: 'Send svar' }).click();
  await page.getByTestId('answer-result').getByText('Tak. Jeres svar er registreret: gennemført.').waitFor();
  await page.getByTestId('no-answers').waitFor();
  const [row] = await h.api.ds.query('SELECT status, last_note AS note FROM referral WHERE id = $1', [referralId]);
  expect(row).toEqual({ status: 'completed', note: 'Budget lagt, afdrag aftalt.' });

  // A tampered token: a clear message, and no detour to the login page.
  const [expires] = link.token.split('.');
  await page.goto(`/svar/${referralId}?token=${expires}.${'A'.repeat(42)}_`);
  await page.getByRole('heading', { level: 1, name: 'Linket virker ikke' }).waitFor();
  await page.getByTestId('bad-link').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/svar/${referralId}`);
  await expectNoSeriousViolations(page, 'partner answer page (bad link)');
  await context.close();
});

// The web app's fallback looks at the path only: a token ending in letters and digits after its dot is no file name.
it('a signed link whose token ends in letters and digits only opens the answer page too', async () => {
  const { context, page } = await h.newPage();
  try {
    await page.goto(answerLink(referralId, false).path);
    await page.getByRole('heading', { level: 1, name: `Svar på henvisning ${caseNumber}` }).waitFor({ timeout: 5000 });
  } finally {
    await context.close();
  }
});

it('an admin creates a partner (secret shown once), edits it through a conflict and rotates its secret', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await nav(page).getByRole('link', { name: 'Samarbejdspartnere' }).click();
  await page.getByRole('heading', { level: 1, name: 'Samarbejdspartnere' }).waitFor();
  const table = page.getByRole('table', { name: 'Samarbejdspartnere' });
  await table.locator(`tr[data-partner="${PARTNER}"]`).waitFor();
  await expect(table.locator(`tr[data-partner="${PARTNER}"]`).innerText()).resolves.toMatch(
    /Frivillig organisation[\s\S]*Hele landet[\s\S]*E-mail[\s\S]*4 ledige pladser[\s\S]*Aktiv/,
  );
  await expectNoSeriousViolations(page, 'partner list');

  await page.getByRole('button', { name: 'Opret samarbejdspartner' }).click();
  const dialog = page.getByRole('dialog', { name: 'Opret samarbejdspartner' });
  await dialog.getByRole('textbox', { name: 'Navn', exact: true }).fill('Lejerrådgivningen Vest');
  await dialog.getByRole('button', { name: 'Opret', exact: true }).click();
  await dialog.getByText('Skal udfyldes.').first().waitFor(); // the e-mail channel needs an address
  await dialog.getByRole('textbox', { name: 'E-mail' }).fill('vest@lejerraad.example');
  await dialog.getByRole('textbox', { name: 'Ledige pladser' }).fill('2');
  await expectNoSeriousViolations(page, 'partner create modal');
  await dialog.getByRole('button', { name: 'Opret', exact: true }).click();

  const secretDialog = page.getByRole('dialog', { name: 'Signeringshemmelighed for Lejerrådgivningen Vest' });
  await secretDialog.getByText('Hemmeligheden vises kun denne ene gang.', { exact: false }).waitFor();
  await expect(secretDialog.getByTestId('partner-secret').inputValue()).resolves.toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await expectNoSeriousViolations(page, 'partner secret');
  await secretDialog.getByRole('button', { name: 'Jeg har gemt hemmeligheden' }).click();
  await secretDialog.waitFor({ state: 'detached' });

  await table.getByRole('link', { name: 'Lejerrådgivningen Vest' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lejerrådgivningen Vest' }).waitFor();
  const revisions = page.getByTestId('partner-revisions');
  await expect(revisions.locator('tbody tr').count()).resolves.toBe(1);
  await expect(revisions.innerText()).resolves.toContain('Oprettet');
  const partnerId = new URL(page.url()).pathname.split('/').pop()!;

  // Someone else saves meanwhile: the form keeps the input and offers to reload.
  await page.getByRole('button', { name: 'Redigér' }).click();
  const edit = page.getByRole('dialog', { name: 'Redigér Lejerrådgivningen Vest' });
  await edit.getByRole('textbox', { name: 'Åbningstider' }).fill('Man-tors 10-14');
  const other = await h.api.http().put(`/api/v1/partners/${partnerId}`).set('Cookie', adminCookie).send({ version: 1, waitingDays: 14 });
  expect(other.status).toBe(200);
  await edit.getByRole('button', { name: 'Gem' }).click();
  await edit.getByTestId('version-conflict').waitFor();
  await edit.getByRole('button', { name: 'Genindlæs' }).click();
  await edit.getByTestId('version-conflict').waitFor({ state: 'detached' });
  await expect(edit.getByRole('textbox', { name: 'Åbningstider' }).inputValue()).resolves.toBe('Man-tors 10-14');
  await edit.getByRole('button', { name: 'Gem' }).click();
  await page.getByText('Lejerrådgivningen Vest er gemt.').waitFor();
  await expect(revisions.locator('tbody tr').count()).resolves.toBe(3);
  // Only what this admin changed is saved over the other's change (the waiting list stays).
  await expect(revisions.locator('tbody tr').first().innerText()).resolves.toMatch(/^3\s[\s\S]*Åbningstider$/);
  await page.getByText('14 dages venteliste', { exact: false }).waitFor();

  await page.getByRole('button', { name: 'Roter hemmelighed' }).click();
  const rotate = page.getByRole('dialog', { name: 'Roter hemmelighed?' });
  await rotate.getByRole('button', { name: 'Roter hemmelighed' }).click();
  const rotated = page.getByRole('dialog', { name: 'Signeringshemmelighed for Lejerrådgivningen Vest' });
  await rotated.getByText('Den tidligere hemmelighed virker i 24 timer endnu.').waitFor();
  await rotated.getByRole('button', { name: 'Jeg har gemt hemmeligheden' }).click();
  await page.getByTestId('previous-secret').waitFor();
  await expectNoSeriousViolations(page, 'partner detail');
  await screenshot(page, 'referrals-partner-detail');
  await context.close();
});

it('an admin edits the routing rules: field errors at the field, a conflict, and the saved rules', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await nav(page).getByRole('link', { name: 'Henvisningsregler' }).click();
  await page.getByRole('heading', { level: 1, name: 'Henvisningsregler' }).waitFor();
  const rules = page.getByTestId('routing-rules');
  await rules.locator('tr[data-rule="municipal-aid-from-demand"]').waitFor();
  await expectNoSeriousViolations(page, 'routing rules');

  // The api's 422 names `rules.rules.1.weight`: the error shows in that rule's row and, when editing it, at the field.
  const capacity = page.getByRole('textbox', { name: 'Bonus: har ledige pladser' });
  await capacity.fill('12');
  await page.route('**/api/v1/referrals/routing-rules', (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({
          status: 422,
          contentType: 'application/json',
          body: JSON.stringify({
            statusCode: 422,
            code: 'validation_failed',
            message: 'The routing rules are not valid',
            errors: [{ field: 'rules.rules.1.weight', reason: 'too_big', message: 'Number must be less than or equal to 100' }],
          }),
        })
      : route.continue(),
  );
  await page.getByRole('button', { name: 'Gem regler' }).click();
  const row = rules.locator('tr[data-rule="municipal-aid-from-demand"]');
  await row.locator('[data-error-field="weight"]').getByText('Er for stor.').waitFor();
  await page.unroute('**/api/v1/referrals/routing-rules');
  await row.getByRole('button', { name: /^Redigér reglen/ }).click();
  const ruleDialog = page.getByRole('dialog', { name: /^Redigér reglen/ });
  await ruleDialog.getByText('Er for stor.').waitFor();
  await ruleDialog.getByRole('textbox', { name: 'Vægt' }).fill('65');
  await expectNoSeriousViolations(page, 'routing rule modal');
  await ruleDialog.getByRole('button', { name: 'Anvend' }).click();
  await ruleDialog.waitFor({ state: 'detached' });
  await expect(row.locator('[data-error-field]').count()).resolves.toBe(0);

  // Meanwhile another admin saves the rules for the first time: this save meets a 409, reloads and goes through.
  const current = await h.api.http().get('/api/v1/referrals/routing-rules').set('Cookie', adminCookie);
  const first = await h.api.http().put('/api/v1/referrals/routing-rules').set('Cookie', adminCookie).send({ rules: current.body.rules });
  expect(first.status).toBe(200);
  await page.getByRole('button', { name: 'Gem regler' }).click();
  await page.getByTestId('version-conflict').waitFor();
  await page.getByRole('button', { name: 'Genindlæs' }).click();
  await page.getByTestId('version-conflict').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Gem regler' }).click();
  await page.getByText('Reglerne er gemt.').waitFor();
  const saved = await h.api.http().get('/api/v1/referrals/routing-rules').set('Cookie', adminCookie);
  expect(saved.body.version).toBe(2);
  expect(saved.body.rules.preferences.capacityBonus).toBe(12);
  expect(saved.body.rules.rules.find((r: { id: string }) => r.id === 'municipal-aid-from-demand').weight).toBe(65);
  await expectNoSeriousViolations(page, 'routing rules (saved)');
  await context.close();
});

it('an admin sees a dead message in the dead letter and sends it again', async () => {
  await h.api.ds.query(
    `UPDATE partner_message SET status = 'dead', attempts = 8, last_status = 503, last_error = 'Service Unavailable', dead_at = now()
      WHERE referral_id = $1 AND type = 'referral.created'`,
    [referralId],
  );
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await nav(page).getByRole('link', { name: 'Fejlede beskeder' }).click();
  await page.getByRole('heading', { level: 1, name: 'Fejlede beskeder' }).waitFor();
  const table = page.getByRole('table', { name: 'Beskeder til samarbejdspartnere' });
  const row = table.locator('tbody tr').filter({ hasText: PARTNER });
  await expect(row.innerText()).resolves.toMatch(
    new RegExp(`Henvisning[\\s\\S]*${PARTNER}[\\s\\S]*${caseNumber}[\\s\\S]*Opgivet[\\s\\S]*8[\\s\\S]*HTTP 503: Service Unavailable`),
  );
  await expectNoSeriousViolations(page, 'dead letter');
  await row.getByRole('button', { name: /^Send igen:/ }).click();
  await page.getByText(`Beskeden til ${PARTNER} sendes igen.`).waitFor();
  await table.getByText('Ingen fejlede beskeder.').waitFor();
  const [message] = await h.api.ds.query(
    `SELECT status, attempts FROM partner_message WHERE referral_id = $1 AND type = 'referral.created'`,
    [referralId],
  );
  expect(message).toEqual({ status: 'pending', attempts: 0 });
  await choose(page, page, 'Status', 'Afventer');
  await page.waitForURL((url) => url.searchParams.get('status') === 'pending');
  await table.locator('tbody tr').filter({ hasText: PARTNER }).first().waitFor();
  await context.close();
});
