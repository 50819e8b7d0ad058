/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { Factory, TestWorld } from '../support/factories.js';
import { BrowserHarness, expectNoSeriousViolations, isoDay, login, screenshot, startBrowserHarness } from '../support/browser.js';
import { startTestWorker, TestWorker } from '../support/test-worker.js';

/**
 * The arrears intake in a real browser: an admin uploads a CSV with some invalid rows (upload progress, then the
 * worker's processing, then the result with the rejected rows and the error report), finds it in the history,
 * replays it, sees it without a replay once its file is purged, and edits the trigger rules (organisation and a
 * department override, with a 409 on the way); a counsellor sees the arrears chart on a case the import opened.
 * The harness starts no worker: this test starts one after the first upload, so the "waiting to be processed"
 * state can be seen for sure.
 */

let h: BrowserHarness;
let worker: TestWorker | undefined;
let world: TestWorld;
let deptA: { code: string; name: string };
let deptB: { code: string; name: string };
let adminCookie: string;

const dk = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

const ASOF_1 = isoDay(-10);
const ASOF_2 = isoDay(-2);
const FILLERS = 1500;

/** The first snapshot: three rows that open cases, six rejected rows, many small arrears that open none. */
function firstCsv(): string {
  const lines = [
    'Lejemålsnr;Afdeling;Adresse;Lejer;Husleje;Restance;Ældste_forfald;Påkrav_dato;Bemærkning',
    `B-1;${deptA.code};Ærøvej 1, 2. tv;Søren Ærø;6.500,00;7.000,00;${dk(isoDay(-40))};;ring først`, // line 2: ≥ a month's rent
    `B-2;${deptA.code};Åvej 2;Mette Å;8.000,00;500,00;${dk(isoDay(-20))};${dk(isoDay(-12))};`, // 3: a påkrav
    `B-3;${deptB.code};Østergade 3;Ali Hassan;7.000,00;5.000,00;${dk(isoDay(-33))};;`, // 4: ≥ 3.000 kr.
    `X-NEG;${deptA.code};Vej 5;Ida;6.000,00;-5,00;;;`, // 5: negative_amount
    `X-DATE;${deptA.code};Vej 6;Bo;6.000,00;100,00;31-02-2026;;`, // 6: impossible_date
    `X-MONEY;${deptA.code};Vej 7;Jo;6.000,00;mange penge;;;`, // 7: invalid_money
    `X-DEPT;NOPE;Vej 8;Al;6.000,00;100,00;;;`, // 8: unknown_department
    `B-DUP;${deptA.code};Vej 9;Kim;6.000,00;200,00;;;`, // 9 + 10: duplicate_tenancy
    `B-DUP;${deptA.code};Vej 9;Kim;6.000,00;300,00;;;`,
  ];
  for (let i = 1; i <= FILLERS; i++) {
    lines.push(`F-${String(i).padStart(5, '0')};${deptA.code};Fyldvej ${i};Lejer ${i};6.500,00;100,00;${dk(isoDay(-15))};;`);
  }
  return lines.join('\r\n') + '\r\n';
}

beforeAll(async () => {
  h = await startBrowserHarness();
  world = await new Factory(h.api.ds).world();
  const rows: { id: string; code: string; name: string }[] = await h.api.ds.query('SELECT id, code, name FROM department WHERE id = ANY($1)', [
    [world.deptA, world.deptB],
  ]);
  deptA = rows.find((r) => r.id === world.deptA)!;
  deptB = rows.find((r) => r.id === world.deptB)!;
  adminCookie = await h.api.login(world.users.admin.email);
});
afterAll(async () => {
  await worker?.close();
  await h?.close();
});

async function chooseFile(page: Page, name: string, content: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'CSV-fil' }).click()]);
  await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
}

/** Records every progress bar (and its text) that shows up, however briefly, from now on. */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    const note = () => {
      document.querySelectorAll('[role="progressbar"]').forEach((el) => {
        const entry = `${el.getAttribute('aria-label')}|${el.getAttribute('aria-valuetext')}`;
        if (!seen.includes(entry)) seen.push(entry);
      });
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}
const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);

const count = (page: Page, id: string) => page.getByTestId(`count-${id}`).innerText();

async function rowTexts(table: Locator): Promise<string[]> {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
}

let importId: string;

/** The worker, started by the first test once it has seen an import wait (or by any later test run on its own). */
async function ensureWorker() {
  worker ??= await startTestWorker(h.api.config);
}

it('an admin uploads a CSV, watches it being processed, and sees the result, the rejected rows and the error report', async () => {
  const csv = firstCsv();
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Restancedata' }).click();
  await page.getByRole('heading', { level: 1, name: 'Restancedata' }).waitFor();
  expect(await page.locator('h1').count()).toBe(1);
  await expectNoSeriousViolations(page, 'import page (empty)');

  // A missing file is caught in the form.
  await page.getByRole('button', { name: 'Indlæs fil' }).click();
  await page.getByText('Vælg en fil.').waitFor();

  await chooseFile(page, 'restancer.csv', csv);
  const asOf = page.getByLabel('Opgjort pr.');
  await expect(asOf.inputValue()).resolves.toBe(isoDay(0)); // today by default
  await asOf.fill(ASOF_1);
  await page.getByRole('textbox', { name: 'Kilde' }).fill('Unik Bolig');
  await recordProgress(page);
  await page.getByRole('button', { name: 'Indlæs fil' }).click();

  // No worker yet: the import waits, and the page says so (and polls).
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  importId = page.url().split('/').pop()!;
  const processing = page.getByTestId('import-processing');
  await processing.getByText('Filen er modtaget og venter på at blive behandlet.').waitFor();
  await expect(processing.getByRole('progressbar', { name: 'Behandling af filen' }).getAttribute('aria-valuetext')).resolves.toMatch(/^Trin 1 af 3/);
  await expect(processing.getByTestId('rows-so-far').innerText()).resolves.toBe('Rækker læst indtil nu: 0');
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Indlæsning' }).waitFor();
  expect(await page.locator('h1').count()).toBe(1);

  await ensureWorker();
  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 60_000 });
  const seen = await progressSeen(page);
  expect(seen.some((s) => s.startsWith('Upload af filen|'))).toBe(true);
  expect(seen.some((s) => s.startsWith('Behandling af filen|Trin 1 af 3'))).toBe(true);

  await expect(count(page, 'rows-read')).resolves.toBe((FILLERS + 9).toLocaleString('da-DK'));
  await expect(count(page, 'rows-applied')).resolves.toBe((FILLERS + 3).toLocaleString('da-DK'));
  await expect(count(page, 'rows-rejected')).resolves.toBe('6');
  await expect(count(page, 'cases-opened')).resolves.toBe('3');
  await expect(count(page, 'cases-updated')).resolves.toBe('0');
  await expect(page.getByTestId('import-outcome').innerText()).resolves.toContain('lejemål og sager er opdateret');
  await expect(page.getByTestId('unknown-columns').innerText()).resolves.toContain('Bemærkning');
  await page.getByText('Færdig', { exact: true }).first().waitFor();

  // The rejected rows, with line, column and reason in Danish.
  const errors = page.getByRole('table', { name: 'Afviste rækker' });
  await errors.locator('tbody tr').nth(5).waitFor();
  const texts = await rowTexts(errors);
  expect(texts).toHaveLength(6);
  for (const [line, column, reason] of [
    ['5', 'Restance', 'Negativt beløb'],
    ['6', 'Ældste forfald', 'Datoen findes ikke'],
    ['7', 'Restance', 'Ugyldigt beløb'],
    ['8', 'Afdeling', 'Ukendt afdeling'],
    ['9', 'Lejemålsnr.', 'Lejemålet står flere gange i filen'],
    ['10', 'Lejemålsnr.', 'Lejemålet står flere gange i filen'],
  ]) {
    expect(texts.some((t) => t.startsWith(`${line} ${column} ${reason}`))).toBe(true);
  }
  expect(texts.find((t) => t.startsWith('9 '))).toContain('linje 9, 10');
  await expectNoSeriousViolations(page, 'import result');
  await screenshot(page, 'arrears-import-result');

  // The error report: the link answers 200 with the CSV, and a click downloads it.
  const link = page.getByRole('link', { name: 'Hent fejlrapport (CSV)' });
  const href = await link.getAttribute('href');
  expect(href).toBe(`/api/v1/arrears/imports/${importId}/errors.csv`);
  const report = await page.request.get(href!);
  expect(report.status()).toBe(200);
  expect(report.headers()['content-type']).toMatch(/^text\/csv/);
  const reportText = await report.text();
  expect(reportText.split('\r\n')[0]).toBe('\uFEFFLinje;Kolonne;Årsag;Detalje');
  expect(reportText).toContain('negative_amount');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(`restanceimport-${importId}-fejl.csv`);

  // The same file again: the first import, and the page says so.
  await page.getByRole('link', { name: 'Indlæs en ny fil' }).click();
  await page.getByRole('heading', { level: 1, name: 'Restancedata' }).waitFor();
  await chooseFile(page, 'restancer-igen.csv', csv);
  await page.getByRole('button', { name: 'Indlæs fil' }).click();
  await page.getByTestId('duplicate-notice').getByText('Samme fil er allerede indlæst').waitFor();
  expect(page.url()).toContain(`/imports/${importId}`);
  await page.getByTestId('import-result').waitFor();

  // A file without the required columns fails, and the page says why in plain Danish.
  await page.getByRole('link', { name: 'Indlæs en ny fil' }).click();
  await chooseFile(page, 'forkert.csv', 'tenancy_number;address\r\nX-1;Vej 1\r\n');
  await page.getByRole('button', { name: 'Indlæs fil' }).click();
  const failure = page.getByTestId('import-failure');
  await failure.waitFor({ timeout: 60_000 });
  await expect(failure.innerText()).resolves.toContain(
    'Filen mangler påkrævede kolonner: Afdeling (department_code), Restance (arrears_amount).',
  );
  await page.getByText('Mislykkedes', { exact: true }).first().waitFor();
  await expectNoSeriousViolations(page, 'failed import');
  await context.close();
});

it('the import is in the history; an admin opens it and replays it after confirming', async () => {
  await ensureWorker();
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.goto('/imports');
  const history = page.getByRole('table', { name: 'Indlæsninger' });
  const row = history.locator('tbody tr').filter({ hasText: dk(ASOF_1) });
  await row.waitFor();
  const text = (await row.innerText()).replace(/\s+/g, ' ');
  expect(text).toContain('Unik Bolig');
  expect(text).toContain('Færdig');
  expect(text).toContain(world.users.admin.email);
  expect(text).toContain(`${(FILLERS + 9).toLocaleString('da-DK')} ${(FILLERS + 3).toLocaleString('da-DK')} 6`);
  expect(text).toContain('3 åbnet');
  await expectNoSeriousViolations(page, 'import history');
  await screenshot(page, 'arrears-import-history');

  // Sorting by "Opgjort pr." goes into the URL.
  await history.getByRole('button', { name: 'Opgjort pr.' }).click();
  await page.waitForURL((url) => url.searchParams.get('sort') === '-asOf');

  // The row opens the import with the same result view.
  await row.getByRole('link', { name: /^Vis indlæsningen fra / }).click();
  await page.waitForURL(new RegExp(`/imports/${importId}$`));
  await page.getByTestId('import-result').waitFor();
  await expect(count(page, 'cases-opened')).resolves.toBe('3');

  // Replay: a confirm modal, then the new import runs to the end.
  await page.getByRole('button', { name: 'Genindlæs' }).click();
  const dialog = page.getByRole('dialog', { name: 'Genindlæs filen' });
  await dialog.getByText('behandles igen som en ny indlæsning').waitFor();
  await expectNoSeriousViolations(page, 'replay modal');
  await dialog.getByRole('button', { name: 'Genindlæs' }).click();
  await page.waitForURL((url) => /\/imports\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(importId));
  await page.getByText('Filen genindlæses.').waitFor();
  await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'den oprindelige indlæsning' }).waitFor();
  await expect(count(page, 'rows-read')).resolves.toBe((FILLERS + 9).toLocaleString('da-DK'));
  await context.close();

  // A property manager has the menu item too, but not the rules.
  const pm = await h.newPage();
  await login(pm.page, world.users.property_manager.email);
  const nav = pm.page.getByRole('navigation', { name: 'Hovedmenu' });
  await nav.getByRole('link', { name: 'Restancedata' }).waitFor();
  expect(await nav.getByRole('link', { name: 'Regler for sager' }).count()).toBe(0);
  await pm.context.close();
});

it('once the retention purge deleted the file, the import and its replay say so and offer no replay', async () => {
  // What the nightly purge does (ArrearsImportProcessor.purgeUploads, tested end to end in arrears-import.e2e-spec).
  await h.api.ds.query('DELETE FROM arrears_upload_chunk WHERE import_id = $1', [importId]);
  await h.api.ds.query('UPDATE arrears_import SET upload_purged_at = now() WHERE id = $1', [importId]);
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.goto(`/imports/${importId}`);
  await page.getByTestId('import-result').waitFor();
  await expect(page.getByTestId('upload-purged').innerText()).resolves.toBe(
    `Filen er slettet efter opbevaringsfristen (${dk(isoDay(0))}).`,
  );
  expect(await page.getByRole('button', { name: 'Genindlæs' }).count()).toBe(0);
  await page.getByTestId('rejected-rows').waitFor(); // the error report stays
  await expectNoSeriousViolations(page, 'purged import');

  await page.goto('/imports');
  const rows = page.getByRole('table', { name: 'Indlæsninger' }).locator('tbody tr').filter({ hasText: dk(ASOF_1) });
  await rows.nth(1).waitFor(); // the original and its replay
  expect(await rows.getByRole('button', { name: /^Genindlæs/ }).count()).toBe(0);
  await context.close();
});

it('an admin edits the organisation rule (through a conflict) and a department override, and sees the effective values', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Regler for sager' }).click();
  await page.getByRole('heading', { level: 1, name: 'Regler for sager' }).waitFor();
  await expect(page.getByTestId('rule-help').innerText()).resolves.toContain(
    'restance på mindst 1 måneds husleje eller restance på mindst 3.000,00 kr. eller påkrav',
  );
  await expect(page.getByTestId('organisation-summary').innerText()).resolves.toBe('Organisationen har ingen egen regel; standardreglen gælder.');
  await expectNoSeriousViolations(page, 'rule editor');

  const deptRow = (code: string) => page.getByRole('table', { name: 'Regler pr. afdeling' }).locator(`tr[data-department="${code}"]`);
  const effective = async (code: string) =>
    Object.fromEntries(
      await deptRow(code)
        .locator('td[data-key]')
        .evaluateAll((cells) => cells.map((c) => [c.getAttribute('data-key'), (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()])),
    );
  expect(await effective(deptA.code)).toEqual({
    openMinMonths: '1 måneds husleje',
    openMinOre: '3.000,00 kr.',
    openOnDemand: 'Ja',
    closeAfterDaysAtZero: 'Efter 30 dage',
  });

  // The organisation's rule: the modal starts from the defaults.
  await page.getByRole('button', { name: 'Opret organisationens regel' }).click();
  let dialog = page.getByRole('dialog', { name: 'Organisationens regel' });
  const months = dialog.getByRole('textbox', { name: 'Åbn sag ved restance på mindst N måneders husleje' });
  await expect(months.inputValue()).resolves.toBe('1');
  await months.fill('');
  await dialog.getByRole('textbox', { name: '…eller mindst X kr.' }).fill('10.000');
  await dialog.getByRole('switch', { name: '…eller ved påkrav' }).uncheck({ force: true });
  await dialog.getByRole('textbox', { name: 'Luk som betalt efter N dage uden restance' }).fill('14');
  await expectNoSeriousViolations(page, 'rule modal');
  await screenshot(page, 'arrears-trigger-rule-modal');
  // Someone else saves the organisation's rule meanwhile.
  const other = await h.api
    .http()
    .put('/api/v1/arrears/trigger-rules/organisation')
    .set('Cookie', adminCookie)
    .send({ openMinMonths: 2, openMinOre: null, openOnDemand: true, closeAfterDaysAtZero: null });
  expect(other.status).toBe(200);
  await dialog.getByRole('button', { name: 'Gem' }).click();
  await dialog.getByTestId('version-conflict').waitFor();
  // The input survives; "Genindlæs" re-bases it on the current version, and the next save goes through.
  await expect(dialog.getByRole('textbox', { name: '…eller mindst X kr.' }).inputValue()).resolves.toBe('10.000');
  await dialog.getByRole('button', { name: 'Genindlæs' }).click();
  await dialog.getByTestId('version-conflict').waitFor({ state: 'detached' });
  await dialog.getByRole('button', { name: 'Gem' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('Reglen er gemt.').waitFor();
  await expect(page.getByTestId('organisation-summary').innerText()).resolves.toBe(
    'Åbn sag ved restance på mindst 10.000,00 kr. Luk som betalt efter 14 dage uden restance.',
  );
  expect(await effective(deptA.code)).toEqual({
    openMinMonths: 'Slået fra',
    openMinOre: '10.000,00 kr.',
    openOnDemand: 'Nej',
    closeAfterDaysAtZero: 'Efter 14 dage',
  });

  // Department A overrides months and påkrav; amount and closing still come from the organisation.
  await deptRow(deptA.code).getByRole('button', { name: `Tilføj egen regel for afdeling ${deptA.code}` }).click();
  dialog = page.getByRole('dialog', { name: `Regel for afdeling ${deptA.code} – ${deptA.name}` });
  await dialog.getByText('Tomt: organisationens værdi gælder (10.000,00 kr.).').waitFor();
  await dialog.getByRole('textbox', { name: 'Åbn sag ved restance på mindst N måneders husleje' }).fill('1,5');
  await dialog.getByRole('switch', { name: '…eller ved påkrav' }).check({ force: true });
  await dialog.getByRole('button', { name: 'Gem' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await effective(deptA.code)).toEqual({
    openMinMonths: '1,5 måneds husleje (afdelingens egen)',
    openMinOre: '10.000,00 kr.',
    openOnDemand: 'Ja (afdelingens egen)',
    closeAfterDaysAtZero: 'Efter 14 dage',
  });
  expect(await effective(deptB.code)).toEqual({
    openMinMonths: 'Slået fra',
    openMinOre: '10.000,00 kr.',
    openOnDemand: 'Nej',
    closeAfterDaysAtZero: 'Efter 14 dage',
  });
  await expect(deptRow(deptA.code).innerText()).resolves.toContain('Ja');
  await expectNoSeriousViolations(page, 'rule editor with override');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'arrears-trigger-rules');

  // The API agrees with what the page shows.
  const rules = await h.api.http().get('/api/v1/arrears/trigger-rules').set('Cookie', adminCookie);
  expect(rules.body.departments.find((d: { departmentId: string }) => d.departmentId === world.deptA).effective).toEqual({
    openMinMonths: 1.5,
    openMinOre: 1_000_000,
    openOnDemand: true,
    closeAfterDaysAtZero: 14,
  });

  // The override can be removed again.
  await deptRow(deptA.code).getByRole('button', { name: `Fjern afdeling ${deptA.code}s egen regel` }).click();
  dialog = page.getByRole('dialog', { name: 'Fjern afdelingens egen regel' });
  await dialog.getByRole('button', { name: 'Fjern' }).click();
  await page.getByText(`Afdeling ${deptA.code}s egen regel er fjernet.`).waitFor();
  await expect(deptRow(deptA.code).innerText()).resolves.toContain('Nej, følger organisationen');
  expect((await effective(deptA.code)).openOnDemand).toBe('Nej');
  await context.close();
});

it('a counsellor sees the arrears of a tenancy over time on the case the import opened', async () => {
  await ensureWorker();
  // A newer snapshot for department A (through the api, as a ledger system would send it).
  const csv = ['Lejemålsnr;Afdeling;Husleje;Restance', `B-1;${deptA.code};6.500,00;9.500,00`].join('\r\n');
  const res = await h.api
    .http()
    .post(`/api/v1/arrears/imports?asOf=${ASOF_2}`)
    .set('Cookie', adminCookie)
    .set('Content-Type', 'text/csv; charset=utf-8')
    .send(Buffer.from(csv, 'utf8'));
  expect(res.status).toBe(202);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await h.api.http().get(`/api/v1/arrears/imports/${res.body.id}`).set('Cookie', adminCookie);
    if (status.body.status === 'done') break;
    if (status.body.status === 'failed' || Date.now() > deadline) throw new Error(`second import: ${JSON.stringify(status.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const [c] = await h.api.ds.query(
    `SELECT c.id, c.case_number FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE t.tenancy_number = 'B-1'`,
  );

  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await page.goto(`/cases/${c.id}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: c.case_number }).waitFor();
  const panel = page.getByRole('region', { name: 'Restance over tid' });
  const chart = panel.getByTestId('arrears-chart');
  await chart.waitFor();
  await expect(chart.locator('circle[data-point]').count()).resolves.toBe(2);
  await expect(chart.locator('circle[data-point]').evaluateAll((cs) => cs.map((x) => x.getAttribute('data-point')))).resolves.toEqual([ASOF_1, ASOF_2]);
  await chart.getByTestId('arrears-chart-rent').waitFor({ state: 'attached' }); // a horizontal line has no height, so never "visible"
  await expect(chart.innerText()).resolves.toContain('Månedlig husleje: 6.500,00 kr.');
  await expect(chart.locator('svg[role="img"] text').allTextContents()).resolves.toEqual(expect.arrayContaining([dk(ASOF_1), dk(ASOF_2)]));
  // The points for screen readers.
  const points = await rowTexts(chart.getByTestId('arrears-chart-table'));
  expect(points).toEqual([`${dk(ASOF_1)} 7.000,00 kr.`, `${dk(ASOF_2)} 9.500,00 kr.`]);
  await expectNoSeriousViolations(page, 'case page with the arrears chart');
  await screenshot(page, 'arrears-case-chart');

  // A case without readings says so.
  const [{ id: manual }] = await h.api.ds.query(
    `INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address) VALUES ($1, $2, 'M-1', 'Manuelvej 1') RETURNING id`,
    [world.organisationId, world.deptA],
  );
  const [{ id: manualCase }] = await h.api.ds.query(
    `INSERT INTO case_file (organisation_id, department_id, tenancy_id, case_number, origin, stage, opened_stage)
     VALUES ($1, $2, $3, 'F-' || nextval('case_number_seq'), 'manual', 'arrears', 'arrears') RETURNING id`,
    [world.organisationId, world.deptA, manual],
  );
  await page.goto(`/cases/${manualCase}`);
  await page.getByTestId('arrears-chart-empty').getByText('Ingen restancedata for lejemålet endnu').waitFor();
  await context.close();
});
