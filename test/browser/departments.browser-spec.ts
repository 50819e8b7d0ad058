/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { Factory, TestWorld } from '../support/factories.js';
import { BrowserHarness, choose, expectNoSeriousViolations, login, screenshot, startBrowserHarness } from '../support/browser.js';

/**
 * "Afdelinger" in a real browser: an admin opens the page from the admin menu, chooses a department's lead among the
 * users who work in it (a property manager or a user of another department is not offered), sees the lead in the
 * table, and removes the lead again. axe finds nothing serious on the page or in the dialog.
 */

let h: BrowserHarness;
let world: TestWorld;
let deptA: { code: string; label: string };

beforeAll(async () => {
  h = await startBrowserHarness();
  world = await new Factory(h.api.ds).world();
  await h.api.ds.query(`UPDATE app_user SET name = 'Lone Leder' WHERE id = $1`, [world.users.caseworker.id]);
  await h.api.ds.query(`UPDATE app_user SET name = 'Per Ejendom' WHERE id = $1`, [world.users.property_manager.id]);
  await h.api.ds.query(`UPDATE app_user SET name = 'Bo Andenafdeling' WHERE id = $1`, [world.users.counsellorB.id]);
  const [row] = await h.api.ds.query('SELECT code, name FROM department WHERE id = $1', [world.deptA]);
  deptA = { code: row.code, label: `${row.code} – ${row.name}` };
});
afterAll(() => h?.close());

const leadOf = async (departmentId: string) =>
  (await h.api.ds.query('SELECT lead_user_id AS lead FROM department WHERE id = $1', [departmentId]))[0].lead as string | null;

/** The dialog's lead field (a Mantine Select: a textbox or a combobox, by version). */
const leadInput = (dialog: Locator) =>
  dialog
    .getByRole('textbox', { name: 'Afdelingsleder' })
    .or(dialog.getByRole('combobox', { name: 'Afdelingsleder' }))
    .first();

/** The lead column's text in the row of department A. */
const leadCell = (page: Page) =>
  page
    .getByRole('row')
    .filter({ hasText: deptA.label.split(' – ')[1]! })
    .locator('td')
    .nth(3);

it('an admin sets a department’s lead from the users who work there, sees it, and removes it', async () => {
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Afdelinger' }).click();
  await page.getByRole('heading', { level: 1, name: 'Afdelinger' }).waitFor();
  await page.getByRole('columnheader', { name: 'Afdelingsleder' }).waitFor();
  await expect(leadCell(page).innerText()).resolves.toBe('Ingen');
  await expectNoSeriousViolations(page, 'departments page');

  await page.getByRole('button', { name: `Vælg leder for ${deptA.label}` }).click();
  const dialog = page.getByRole('dialog', { name: `Afdelingsleder for ${deptA.label}` });
  await dialog.getByText('Aktive brugere, der arbejder med sager i afdelingen', { exact: false }).waitFor();
  await dialog
    .getByRole('textbox', { name: 'Afdelingsleder' })
    .or(dialog.getByRole('combobox', { name: 'Afdelingsleder' }))
    .first()
    .click();
  await page.getByRole('option').first().waitFor();
  const offered = await page.getByRole('option').allInnerTexts();
  expect(offered.map((o) => o.trim()).sort()).toEqual(
    ['Lone Leder (Sagsbehandler)', 'Test admin (Administrator)', 'Test counsellor (Gældsrådgiver)'].sort(),
  );
  await page.keyboard.press('Escape');
  await expectNoSeriousViolations(page, 'lead dialog', { mouseAway: true });

  await choose(dialog, page, 'Afdelingsleder', 'Lone Leder (Sagsbehandler)');
  await dialog.getByRole('button', { name: 'Gem' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').getByText(`Lone Leder er nu afdelingsleder for ${deptA.label}.`).waitFor();
  await page.waitForFunction(
    (code) =>
      [...document.querySelectorAll('tbody tr')].some((tr) => tr.textContent?.includes(code) && tr.textContent.includes('Lone Leder')),
    deptA.code,
  );
  await expect(leadCell(page).innerText()).resolves.toBe('Lone Leder');
  expect(await leadOf(world.deptA)).toBe(world.users.caseworker.id);
  await expectNoSeriousViolations(page, 'lead set', { mouseAway: true });
  await screenshot(page, 'departments-lead-set');

  // The row's button now says "Skift leder"; the dialog starts from the current lead and can remove it.
  await page.getByRole('button', { name: `Skift leder for ${deptA.label}` }).click();
  await expect(leadInput(dialog).inputValue()).resolves.toBe('Lone Leder (Sagsbehandler)');
  await dialog.getByText('Nuværende afdelingsleder: Lone Leder').waitFor();
  await expectNoSeriousViolations(page, 'lead dialog with a lead', { mouseAway: true });
  await screenshot(page, 'departments-lead-dialog');
  await dialog.getByRole('button', { name: 'Fjern afdelingsleder' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').getByText(`${deptA.label} har ikke længere en afdelingsleder.`).waitFor();
  await page.waitForFunction(
    (code) => [...document.querySelectorAll('tbody tr')].some((tr) => tr.textContent?.includes(code) && tr.textContent.includes('Ingen')),
    deptA.code,
  );
  expect(await leadOf(world.deptA)).toBeNull();

  // A lead who has since left the department is marked, so the admin chooses a new one.
  const leaving = await new Factory(h.api.ds).user(world.organisationId, 'counsellor', [world.deptA]);
  await h.api.ds.query('UPDATE department SET lead_user_id = $2 WHERE id = $1', [world.deptA, leaving.id]);
  await h.api.ds.query('DELETE FROM user_department WHERE user_id = $1', [leaving.id]);
  await page.reload();
  await page.waitForFunction(
    (code) =>
      [...document.querySelectorAll('tbody tr')].some((tr) => tr.textContent?.includes(code) && tr.textContent.includes('Opfylder ikke kravene')),
    deptA.code,
  );
  await expectNoSeriousViolations(page, 'lead not eligible', { mouseAway: true });
  await context.close();
});
