/// <reference lib="dom" />
import type { Page } from 'playwright-core';
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
 * The case workbench in a real browser against the real api: the caseload with filters kept in the URL, the
 * case page (contact, task, budget line, stage change, close) with every step on the timeline, the intake form,
 * and the "someone else changed the case" path (409 version_conflict) that must keep the user's input.
 * Cases are created through the api as the counsellor would (POST /api/v1/cases).
 */

let h: BrowserHarness;
let world: TestWorld;
let cookie: string;

const createCase = (body: Record<string, unknown>) => openCase(h.api, cookie, body);

function intake(tenancyNumber: string, tenant: string, extra: Record<string, unknown> = {}) {
  return {
    tenancy: {
      departmentId: world.deptA,
      tenancyNumber,
      address: `${tenant.split(' ')[0]}vej 1`,
      unit: '2. tv',
      postalCode: '2300',
      monthlyRentOre: 650000,
    },
    tenant: { name: tenant },
    ...extra,
  };
}

beforeAll(async () => {
  h = await startBrowserHarness();
  world = await new Factory(h.api.ds).world();
  cookie = await h.api.login(world.users.counsellor.email);
});
afterAll(() => h?.close());

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Handlinger på sagen' });
const timeline = (page: Page) => page.getByTestId('timeline');

async function expectTimeline(page: Page, text: string) {
  await timeline(page).getByText(text, { exact: false }).first().waitFor();
}

it('a counsellor filters the caseload, works a case from contact to close, and every step shows on the timeline', async () => {
  const critical = await createCase(
    intake('S-101', 'Mette Hansen', {
      stage: 'court',
      arrearsOre: 1_950_000,
      childrenInHousehold: 2,
      dates: { courtFiledDate: isoDay(-10) },
    }),
  );
  const calm = await createCase(
    intake('S-102', 'Lars Jensen', { stage: 'arrears', arrearsOre: 120_000, dates: { oldestDueDate: isoDay(-2) } }),
  );
  const demand = await createCase(
    intake('S-103', 'Sofie Nielsen', { stage: 'demand', arrearsOre: 700_000, dates: { demandSentDate: isoDay(-3) } }),
  );
  expect(critical.stage).toBe('court');
  const levelLabel = { low: 'Lav', medium: 'Middel', high: 'Høj', critical: 'Kritisk' }[critical.risk.level]!;

  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  // The caseload is the first item of the menu.
  await expect(page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link').first().innerText()).resolves.toContain('Sager');
  await page.getByRole('link', { name: 'Sager', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sager' }).waitFor();
  const table = page.getByRole('table', { name: 'Sagsliste' });
  await table.getByRole('link', { name: critical.caseNumber }).waitFor();
  for (const c of [calm, demand]) await table.getByRole('link', { name: c.caseNumber }).waitFor();
  // Ranked by risk: the court case (highest score) is on the first row.
  await expect(table.locator('tbody tr').first().innerText()).resolves.toContain(critical.caseNumber);
  await expectNoSeriousViolations(page, 'caseload');
  await screenshot(page, 'cases-caseload');

  // Filter by stage and risk level: the URL keeps the filter, the table shows only matching rows.
  await choose(page, page, 'Fase', 'Fogedret');
  await page.keyboard.press('Escape');
  await choose(page, page, 'Risiko', levelLabel);
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => url.searchParams.get('stage') === 'court' && url.searchParams.get('riskLevel') === critical.risk.level);
  await table.getByRole('link', { name: calm.caseNumber }).waitFor({ state: 'detached' });
  await expect(table.getByRole('link', { name: demand.caseNumber }).count()).resolves.toBe(0);
  await table.getByRole('link', { name: critical.caseNumber }).waitFor();
  // The CSV export carries the same filters.
  const exportLink = page.locator(`a[href*="riskLevel=${critical.risk.level}"][href*="stage=court"]`, { hasText: 'Eksportér CSV' });
  await exportLink.waitFor();
  const csv = await page.request.get((await exportLink.getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  expect(await csv.text()).toContain(critical.caseNumber);
  // A reload (or a bookmark) keeps the view.
  await page.reload();
  await table.getByRole('link', { name: critical.caseNumber }).waitFor();
  await expect(table.locator('tbody tr').count()).resolves.toBe(1);
  expect(new URL(page.url()).searchParams.get('stage')).toBe('court');
  await screenshot(page, 'cases-caseload-filtered');

  // Sorting by the next step's days left from the column header goes into the URL too.
  await page.getByRole('button', { name: 'Næste skridt' }).click();
  await page.waitForURL((url) => (url.searchParams.get('sort') ?? '').startsWith('daysLeft'));
  await page.locator('th[aria-sort="ascending"]', { hasText: 'Næste skridt' }).waitFor();

  // Open the case.
  await table.getByRole('link', { name: critical.caseNumber }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: critical.caseNumber }).waitFor();
  expect(await page.locator('h1').count()).toBe(1);
  await expect(page.locator('h1').innerText()).resolves.toContain('Mette Hansen');
  await page.getByTestId('deadline-clock').waitFor();
  await expect(page.getByTestId('risk-panel').innerText()).resolves.toContain('Fase');
  await expect(page.locator('[aria-current="step"]').innerText()).resolves.toContain('Fogedret');
  await expectTimeline(page, 'Sagen blev oprettet i fasen Fogedret.');
  await expectNoSeriousViolations(page, 'case page');
  await screenshot(page, 'cases-case');

  // Log a contact from the header.
  await toolbar(page).getByRole('button', { name: 'Log kontakt' }).click();
  let dialog = page.getByRole('dialog', { name: 'Log kontakt' });
  await dialog.getByRole('radio', { name: 'Ja' }).check();
  await dialog.getByRole('textbox', { name: 'Resumé' }).fill('Talte med Mette om restancen');
  await dialog.getByRole('button', { name: 'Log kontakt' }).click();
  await page.getByText('Kontakten er logget.').waitFor();
  await page.getByTestId('contacts').getByText('Talte med Mette om restancen').waitFor();
  await expectTimeline(page, 'Telefon (udgående): kontakt opnået.');

  // Add a task.
  await toolbar(page).getByRole('button', { name: 'Tilføj opgave' }).click();
  dialog = page.getByRole('dialog', { name: 'Tilføj opgave' });
  await dialog.getByRole('textbox', { name: 'Opgave' }).fill('Ring til kommunens kontaktperson');
  await dialog.getByRole('button', { name: 'Tilføj opgave' }).click();
  await page.getByText('Opgaven er tilføjet.').waitFor();
  await page.getByRole('tab', { name: /Opgaver/ }).click();
  await page.getByTestId('tasks').getByText('Ring til kommunens kontaktperson').waitFor();
  await expectTimeline(page, 'Opgave tilføjet: »Ring til kommunens kontaktperson«.');

  // Add a budget line, typed in Danish kroner.
  await page.getByRole('tab', { name: 'Budget' }).click();
  const budgetForm = page.getByRole('region', { name: 'Tilføj budgetlinje' });
  await budgetForm.getByRole('textbox', { name: 'Post' }).fill('Løn');
  await budgetForm.getByRole('textbox', { name: 'Beløb' }).fill('12.345,67');
  await budgetForm.getByRole('button', { name: 'Tilføj budgetlinje' }).click();
  await page.getByTestId('budget-lines').getByText('Løn').waitFor();
  await expect(page.getByTestId('budget-income').innerText()).resolves.toBe('12.345,67 kr.');
  await expect(page.getByTestId('budget-disposable').innerText()).resolves.toBe('12.345,67 kr.');
  await expectTimeline(page, 'Budgetlinje tilføjet: Løn (indtægt, 12.345,67 kr.).');

  // Change the stage: court -> eviction scheduled needs the eviction date.
  await toolbar(page).getByRole('button', { name: 'Skift fase' }).click();
  dialog = page.getByRole('dialog', { name: 'Skift fase' });
  await dialog.getByRole('button', { name: 'Skift fase' }).click();
  await dialog.getByText('Udsættelsesdatoen skal udfyldes.').waitFor();
  await dialog.getByLabel('Udsættelsesdato').fill(isoDay(21));
  await expectNoSeriousViolations(page, 'change stage modal');
  await dialog.getByRole('button', { name: 'Skift fase' }).click();
  await page.getByText('Sagen er nu i fasen Udsættelse berammet.').waitFor();
  await expect(page.locator('[aria-current="step"]').innerText()).resolves.toContain('Udsættelse berammet');
  await expectTimeline(page, 'Fasen blev ændret fra Fogedret til Udsættelse berammet.');

  // Close the case with an outcome.
  await toolbar(page).getByRole('button', { name: 'Luk sag' }).click();
  dialog = page.getByRole('dialog', { name: 'Luk sag' });
  await choose(dialog, page, 'Udfald', 'Betalt');
  await dialog.getByRole('textbox', { name: 'Bemærkning' }).fill('Restancen er betalt af kommunen.');
  await dialog.getByRole('button', { name: 'Luk sag' }).click();
  await page.getByRole('status').filter({ hasText: 'Sagen er lukket.' }).waitFor();
  await page.getByText('Lukket: Betalt').waitFor();
  await expectTimeline(page, 'Sagen blev lukket. Udfald: Betalt.');
  await toolbar(page).getByRole('button', { name: 'Genåbn' }).waitFor();
  expect(await toolbar(page).getByRole('button', { name: 'Log kontakt' }).count()).toBe(0);
  await screenshot(page, 'cases-case-closed');

  // The timeline filter shows one group at a time.
  await page.getByText('Kontakt', { exact: true }).click();
  await timeline(page).locator('li[data-kind="closed"]').waitFor({ state: 'detached' });
  await timeline(page).locator('li[data-kind="contact_logged"]').waitFor();
  await context.close();
});

it('the intake form opens a case, and a second intake for the same tenancy links to the open case', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await page.goto('/cases');
  await page.getByRole('link', { name: 'Ny sag' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ny sag' }).waitFor();
  await expectNoSeriousViolations(page, 'intake');
  await screenshot(page, 'cases-intake');

  const fill = async (tenancyNumber: string) => {
    await choose(page, page, 'Afdeling', `${await departmentLabel()}`);
    await page.getByRole('textbox', { name: 'Lejemålsnummer' }).fill(tenancyNumber);
    await page.getByRole('textbox', { name: 'Adresse' }).fill('Nørrebrogade 7');
    await page.getByRole('textbox', { name: 'Månedlig husleje' }).fill('6.500');
    await page.getByRole('textbox', { name: 'Navn' }).fill('Ida Intake');
    await page.getByRole('textbox', { name: 'CPR-nummer' }).fill('1234');
    await page.getByRole('textbox', { name: 'Restance' }).fill('13.000,50');
  };
  const departmentLabel = async () => {
    const [d] = await h.api.ds.query('SELECT code, name FROM department WHERE id = $1', [world.deptA]);
    return `${d.code} – ${d.name}`;
  };

  await fill('S-201');
  await page.getByRole('button', { name: 'Opret sag' }).click();
  // The CPR number is checked before anything is sent.
  await page.getByText('Skriv CPR-nummeret som DDMMÅÅ-XXXX.').waitFor();
  await page.getByRole('textbox', { name: 'CPR-nummer' }).fill('010190-1234');
  await page.getByRole('button', { name: 'Opret sag' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Ida Intake' }).waitFor();
  expect(page.url()).toMatch(/\/cases\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  await page.getByText('13.000,50 kr.').first().waitFor();
  await page.getByText('010190-XXXX').waitFor();

  await page.goto('/cases/new');
  await fill('S-201');
  await page.getByRole('textbox', { name: 'CPR-nummer' }).fill('');
  await page.getByRole('button', { name: 'Opret sag' }).click();
  const existing = page.getByTestId('existing-case');
  await existing.getByText('Lejemålet har allerede en åben sag.').waitFor();
  await existing.getByRole('link', { name: 'Åbn den åbne sag' }).click();
  await page.waitForURL(caseUrl);

  // The full CPR number only through the audited "Vis CPR", with a purpose.
  await page.getByRole('button', { name: 'Vis CPR for Ida Intake' }).click();
  const reveal = page.getByRole('dialog', { name: 'Vis CPR for Ida Intake' });
  await reveal.getByRole('textbox', { name: 'Formål' }).fill('Ansøgning om huslejehjælp');
  await reveal.getByRole('button', { name: 'Vis CPR' }).click();
  await reveal.getByText('010190-1234').waitFor();
  await reveal.getByRole('button', { name: 'Luk' }).first().click();
  await reveal.waitFor({ state: 'detached' });
  expect(page.url()).not.toContain('010190');

  // Bulk assign from the caseload: the case goes to the admin and leaves "Mine".
  const caseNumber = (await page.locator('h1').innerText()).match(/\d{4}-\d{6}/)![0];
  await page.goto('/cases');
  const table = page.getByRole('table', { name: 'Sagsliste' });
  await table.getByRole('checkbox', { name: `Vælg sag ${caseNumber}` }).check();
  await page.getByRole('button', { name: 'Tildel (1 sag)' }).click();
  const assign = page.getByRole('dialog', { name: 'Tildel 1 sag' });
  await choose(assign, page, 'Rådgiver', 'Test admin (Administrator)');
  await expectNoSeriousViolations(page, 'bulk assign modal');
  await assign.getByRole('button', { name: 'Tildel' }).click();
  await page.getByRole('status').filter({ hasText: '1 sag er tildelt.' }).waitFor();
  await table.getByRole('link', { name: caseNumber }).waitFor({ state: 'detached' });
  await page.getByRole('radiogroup', { name: 'Tildelt' }).getByText('Alle', { exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('assignee') === 'any');
  await table.getByRole('link', { name: caseNumber }).waitFor();
  await expect(table.getByRole('row').filter({ hasText: caseNumber }).innerText()).resolves.toContain('Test admin');
  await context.close();
});

it('a change made behind the page\'s back answers 409: the alert offers "Genindlæs" and the typed input survives', async () => {
  const target = await createCase(
    intake('S-301', 'Karl Konflikt', { stage: 'demand', arrearsOre: 500_000, dates: { demandSentDate: isoDay(-1) } }),
  );
  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await page.goto(`/cases/${target.id}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: target.caseNumber }).waitFor();

  // Someone else overrides the risk over the api: the case's version moves on.
  const res = await h.api
    .http()
    .post(`/api/v1/cases/${target.id}/risk-override`)
    .set('Cookie', cookie)
    .send({ version: target.version, level: 'critical', reason: 'Kendt fra tidligere sag' });
  expect(res.status).toBe(200);
  expect(res.body.version).toBe(target.version + 1);

  // The page still shows the old version; closing it now is refused and explained.
  await toolbar(page).getByRole('button', { name: 'Luk sag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Luk sag' });
  await choose(dialog, page, 'Udfald', 'Afdragsordning');
  await dialog.getByRole('textbox', { name: 'Bemærkning' }).fill('Aftale om 12 rater');
  await dialog.getByRole('button', { name: 'Luk sag' }).click();
  const conflict = dialog.getByTestId('version-conflict');
  await conflict.getByText('Sagen er ændret af en anden, siden du åbnede den').waitFor();
  await expectNoSeriousViolations(page, 'conflict alert');
  await screenshot(page, 'cases-conflict');
  // Nothing typed is lost.
  await expect(dialog.getByRole('textbox', { name: 'Bemærkning' }).inputValue()).resolves.toBe('Aftale om 12 rater');

  await conflict.getByRole('button', { name: 'Genindlæs' }).click();
  await conflict.waitFor({ state: 'detached' });
  await expect(dialog.getByRole('textbox', { name: 'Bemærkning' }).inputValue()).resolves.toBe('Aftale om 12 rater');
  // The page now shows the other person's change behind the dialog.
  await expect(page.getByTestId('risk-panel').innerText()).resolves.toContain('Kendt fra tidligere sag');

  await dialog.getByRole('button', { name: 'Luk sag' }).click();
  await page.getByText('Lukket: Afdragsordning').waitFor();
  await expectTimeline(page, 'Sagen blev lukket. Udfald: Afdragsordning.');
  await expectTimeline(page, 'Risikoen blev sat manuelt til Kritisk: Kendt fra tidligere sag');

  // A closed case can be reopened, with a reason.
  await toolbar(page).getByRole('button', { name: 'Genåbn' }).click();
  const reopen = page.getByRole('dialog', { name: 'Genåbn sag' });
  await reopen.getByRole('textbox', { name: 'Begrundelse' }).fill('Aftalen blev ikke overholdt');
  await reopen.getByRole('button', { name: 'Genåbn' }).click();
  await page.getByRole('status').filter({ hasText: 'Sagen er genåbnet.' }).waitFor();
  await expectTimeline(page, 'Sagen blev genåbnet. Begrundelse: Aftalen blev ikke overholdt');
  await toolbar(page).getByRole('button', { name: 'Log kontakt' }).waitFor();
  await context.close();
});

it('the other parts of a case: note, debt, payment agreement, application, facts, risk override, CPR search', async () => {
  const target = await createCase({
    ...intake('S-401', 'Nora Noter', { stage: 'demand', arrearsOre: 900_000, dates: { demandSentDate: isoDay(-2) } }),
    tenant: { name: 'Nora Noter', cpr: '020285-4321' },
  });
  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await page.goto(`/cases/${target.id}?tab=notes`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: target.caseNumber }).waitFor();

  // A note, then an edit of one's own note.
  const noteForm = page.getByRole('region', { name: 'Tilføj note' });
  await noteForm.getByRole('textbox', { name: 'Note' }).fill('Lejeren er sygemeldt.');
  await noteForm.getByRole('button', { name: 'Gem note' }).click();
  await page.getByText('Lejeren er sygemeldt.', { exact: true }).waitFor();
  await page.getByRole('button', { name: /^Rediger noten fra/ }).click();
  await page.getByRole('region', { name: 'Noter' }).getByRole('textbox', { name: 'Note' }).fill('Lejeren er sygemeldt til 1. december.');
  await page.getByRole('region', { name: 'Noter' }).getByRole('button', { name: 'Gem' }).click();
  await page.getByText('Lejeren er sygemeldt til 1. december.', { exact: true }).waitFor();
  await expectTimeline(page, 'En note blev redigeret.');

  // A debt: rent comes first whatever the order of entry.
  await page.getByRole('tab', { name: 'Gæld' }).click();
  const debtForm = page.getByRole('region', { name: 'Tilføj gæld' });
  for (const [creditor, kind, amount] of [
    ['Kviklån A/S', 'Forbrugslån og kreditter', '4.000'],
    ['Boligforeningen', 'Husleje', '9.000,00'],
  ]) {
    await debtForm.getByRole('textbox', { name: 'Kreditor' }).fill(creditor!);
    await choose(debtForm, page, 'Type', kind!);
    await debtForm.getByRole('textbox', { name: 'Beløb' }).fill(amount!);
    await debtForm.getByRole('button', { name: 'Tilføj gæld' }).click();
    await page.getByTestId('debts').getByText(creditor!).waitFor();
  }
  await expect(page.getByTestId('debts').locator('tbody tr').first().innerText()).resolves.toContain('Boligforeningen');
  await expect(page.getByTestId('debt-total').innerText()).resolves.toBe('13.000,00 kr.');
  await page.getByRole('button', { name: 'Slet gælden til Kviklån A/S' }).click();
  await page.getByTestId('debts').getByText('Kviklån A/S').waitFor({ state: 'detached' });
  await expectTimeline(page, 'Gæld slettet: Kviklån A/S.');

  // A payment agreement of 3 monthly instalments; the first is paid.
  await page.getByRole('tab', { name: 'Afdragsordning' }).click();
  const agreementForm = page.getByRole('region', { name: 'Opret afdragsordning' });
  await agreementForm.getByRole('textbox', { name: 'Beløb pr. rate' }).fill('1.500');
  await agreementForm.getByRole('textbox', { name: 'Antal rater' }).fill('3');
  await agreementForm.getByLabel('Første forfaldsdato').fill('2027-01-31');
  await agreementForm.getByText(/3 månedlige rater på 1\.500,00 kr\., i alt 4\.500,00 kr\., fra 31-01-2027 til 31-03-2027/).waitFor();
  await agreementForm.getByRole('button', { name: 'Opret afdragsordning' }).click();
  await page.getByTestId('instalments').getByText('28-02-2027').waitFor();
  await page.getByRole('button', { name: 'Markér rate 1 som betalt' }).click();
  await page.getByText('Betalt 1.500,00 kr. af 4.500,00 kr.').waitFor();
  await expectTimeline(page, 'Rate 1 er markeret som betalt.');

  // An application for housing benefit, then its decision.
  await page.getByRole('tab', { name: 'Ansøgninger' }).click();
  const applicationForm = page.getByRole('region', { name: 'Tilføj ansøgning' });
  await choose(applicationForm, page, 'Ansøgning om', 'Boligstøtte');
  await applicationForm.getByRole('button', { name: 'Tilføj ansøgning' }).click();
  await page.getByTestId('applications').getByText('Planlagt').waitFor();
  await page.getByRole('button', { name: 'Opdater ansøgningen om Boligstøtte' }).click();
  const appDialog = page.getByRole('dialog', { name: 'Opdater ansøgning' });
  await choose(appDialog, page, 'Status', 'Bevilget');
  await appDialog.getByRole('textbox', { name: 'Bevilget beløb' }).fill('1.250,50');
  await appDialog.getByRole('button', { name: 'Gem' }).click();
  await page.getByTestId('applications').getByText('1.250,50 kr.').waitFor();
  await expectTimeline(page, 'Ansøgning opdateret: Boligstøtte (bevilget).');

  // The case's facts and a risk override by judgement.
  await page.getByRole('button', { name: 'Ret oplysninger' }).click();
  const facts = page.getByRole('dialog', { name: 'Ret oplysninger' });
  await facts.getByRole('textbox', { name: 'Restance' }).fill('10.000,10');
  await facts.getByRole('button', { name: 'Gem' }).click();
  await page.getByText('10.000,10 kr.').waitFor();
  await expectTimeline(page, 'Sagens oplysninger blev opdateret: restance.');
  await page.getByRole('button', { name: 'Ret risiko' }).click();
  const risk = page.getByRole('dialog', { name: 'Ret risiko' });
  await choose(risk, page, 'Niveau', 'Høj');
  await risk.getByRole('textbox', { name: 'Begrundelse' }).fill('Truet af udsættelse før');
  await risk.getByRole('button', { name: 'Gem risiko' }).click();
  await page
    .getByTestId('risk-panel')
    .getByText(/Sat manuelt til Høj/)
    .waitFor();

  // A responsible caseworker.
  await toolbar(page).getByRole('button', { name: 'Tildel' }).click();
  const assign = page.getByRole('dialog', { name: 'Tildel sag' });
  await choose(assign, page, 'Ansvarlig sagsbehandler', 'Test caseworker (Sagsbehandler)');
  await assign.getByRole('button', { name: 'Gem tildeling' }).click();
  // Shown twice once both have refreshed: on the case's overview and as the timeline's "Ansvarlig sagsbehandler: …".
  await page.getByText('Sagsbehandler: Test caseworker').nth(1).waitFor();
  await expectTimeline(page, 'Ansvarlig sagsbehandler: Test caseworker.');

  // The CPR search finds the case; the number never reaches the URL.
  await page.goto('/cases');
  await page.getByRole('textbox', { name: 'CPR-nummer' }).fill('0202854321');
  await page.getByRole('button', { name: 'Søg på CPR' }).click();
  await page.getByRole('table', { name: 'Sager for CPR-nummeret' }).getByRole('link', { name: target.caseNumber }).waitFor();
  expect(page.url()).not.toContain('0202854321');

  // English is one click away.
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  await page.getByRole('columnheader', { name: 'Next step' }).waitFor();
  await page.getByRole('button', { name: /Dansk|Danish/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Sager' }).waitFor();
  await context.close();
});
