/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { addCalendarDays, isoWeekOf, mondayOfIsoWeek, previousIsoWeek, todayInCopenhagen } from '@forebyg/domain';
import { EscalationService } from '@forebyg/escalation';
import { Factory, TEST_PASSWORD, TestWorld } from '../support/factories.js';
import { BrowserHarness, screenshot, seriousA11yViolations, startBrowserHarness } from '../support/browser.js';
import { weekdayAndTime } from '../support/display.js';

/**
 * "Ugens eskaleringer" for a department lead, in a real browser: when the week's run happened and when the list was
 * sent, the criteria in force, and the cases of the lead's department flagged two weeks running, grouped by reason
 * like the lead's own; then the same page, the bell and the notifications page in English (the titles made in the
 * UI's language from the notification's kind and data, not the server's Danish).
 */

let h: BrowserHarness;
let world: TestWorld;
let lead: { id: string; email: string };

const week = isoWeekOf(todayInCopenhagen());
const monday = mondayOfIsoWeek(week);
const weekNumber = Number(week.slice(6));
const dk = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

beforeAll(async () => {
  h = await startBrowserHarness();
  const f = new Factory(h.api.ds);
  world = await f.world();
  lead = await f.user(world.organisationId, 'caseworker', [world.deptA]);
  await h.api.ds.query('UPDATE department SET lead_user_id = $2 WHERE id = $1', [world.deptA, lead.id]);
});
afterAll(async () => {
  await h?.close();
});

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the element's whole text is `text`. */
const expectText = (locator: Locator, text: string) =>
  eventually(
    () => locator.innerText(),
    (v) => v.trim() === text,
  );

/** A case in department A for `caseworker`, with the facts the escalation reads. */
async function caseOf(caseworker: string, facts: string): Promise<{ id: string; caseNumber: string }> {
  const f = new Factory(h.api.ds);
  const id = await f.caseFile(world.organisationId, await f.tenancy(world.organisationId, world.deptA));
  await h.api.ds.query(
    `UPDATE case_file SET responsible_caseworker_id = $2, last_contact_at = '${monday}'::date - 1, ${facts} WHERE id = $1`,
    [id, caseworker],
  );
  return (await h.api.ds.query('SELECT id, case_number AS "caseNumber" FROM case_file WHERE id = $1', [id]))[0];
}

/** The case numbers listed under a reason, with each row's other reasons. */
async function rowsOf(section: Locator): Promise<Record<string, string>> {
  const rows = await section
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        (tr.querySelector('a') as HTMLElement).innerText.trim(),
        (tr.querySelectorAll('td')[1] as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      ]),
    );
  return Object.fromEntries(rows);
}

async function expectNoSeriousViolations(page: Page, where: string) {
  await page.mouse.move(0, 0);
  expect({ where, violations: await seriousA11yViolations(page) }).toEqual({ where, violations: [] });
}

it('a department lead sees the run and sending times, the criteria and the department’s cases flagged two weeks running; in English too', async () => {
  // Flagged last week and this week (the lead's department): an eviction with a missed instalment, and a missed instalment.
  const twice = await caseOf(world.users.caseworker.id, `eviction_date = '${addCalendarDays(monday, 10)}', missed_instalment_count = 1`);
  const missed = await caseOf(world.users.caseworker.id, 'missed_instalment_count = 1');
  // The lead's own case: a task overdue since last Friday, so flagged this week only.
  const own = await caseOf(lead.id, `earliest_open_task_due = '${addCalendarDays(monday, -3)}'`);
  const admin = await h.api.login(world.users.admin.email);
  const criteria = { evictionWithinDays: 21, noContactDays: 14, missedInstalment: true, overdueTasks: true, riskRaised: false };
  expect((await h.api.http().put('/api/v1/escalations/settings').set('Cookie', admin).send(criteria)).status).toBe(200);
  const escalation = h.api.app.get(EscalationService);
  await escalation.run(previousIsoWeek(week));
  await escalation.run(week);
  const [sent] = await h.api.ds.query(
    `SELECT created_at AS "at" FROM weekly_escalation WHERE user_id = $1 AND iso_week = $2 AND audience = 'caseworker'`,
    [lead.id, week],
  );
  const [run] = await h.api.ds.query(`SELECT finished_at AS "at" FROM escalation_run WHERE organisation_id = $1 AND iso_week = $2`, [
    world.organisationId,
    week,
  ]);

  const { context, page } = await h.newPage();
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(lead.email);
  await page.getByLabel('Adgangskode', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Goddag' }).waitFor();
  await page.goto('/escalations');
  await page.getByRole('heading', { level: 1, name: 'Ugens eskaleringer' }).waitFor();

  await expectText(page.getByTestId('escalation-sent'), `Sendt ${weekdayAndTime(sent.at)}`);
  await expectText(page.getByTestId('escalation-ran'), `Ugens kørsel: ${weekdayAndTime(run.at)}`);
  const active = page.getByRole('list', { name: 'Kriterier i brug:' }).getByRole('listitem');
  await expect(active.allInnerTexts()).resolves.toEqual([
    'Udsættelse inden for 21 dage',
    'Ingen kontakt i 14 dage',
    'Misligholdt rate',
    'Forfaldne opgaver',
    'Henvisning ubesvaret efter fristen',
  ]);
  // The lead's own list, and the department's cases flagged two weeks running, grouped the same way.
  await expectText(page.getByTestId('escalation-count'), '1 sag');
  await expect(page.getByTestId('escalation-list').locator('h2').allInnerTexts()).resolves.toEqual(['Forfaldne opgaver']);
  const leadList = page.getByRole('region', { name: 'Eskaleret to uger i træk i din(e) afdeling(er)', exact: true });
  await expectText(leadList.getByTestId('escalation-lead-count'), '2 sager');
  await expect(leadList.locator('h3').allInnerTexts()).resolves.toEqual(['Udsættelse inden for 21 dage', 'Misligholdt rate']);
  const leadGroup = (reason: string) =>
    page.getByRole('region', { name: `Eskaleret to uger i træk i din(e) afdeling(er) ${reason}`, exact: true });
  expect(await rowsOf(leadGroup('Udsættelse inden for 21 dage'))).toEqual({ [twice.caseNumber]: 'Misligholdt rate' });
  expect(await rowsOf(leadGroup('Misligholdt rate'))).toEqual({
    [twice.caseNumber]: 'Udsættelse inden for 21 dage',
    [missed.caseNumber]: '–',
  });
  await expect(leadList.getByRole('link', { name: own.caseNumber }).count()).resolves.toBe(0);
  await expectNoSeriousViolations(page, 'escalations (lead)');
  await screenshot(page, 'escalations-lead');

  // The bell in Danish: both of this week's notifications.
  await page.getByTestId('notification-bell').click();
  const popover = page.getByRole('dialog', { name: 'Seneste notifikationer' });
  await popover.getByRole('link', { name: `Ulæst: Sager eskaleret to uger i træk (uge ${weekNumber}): 2 sager` }).waitFor();
  await popover.getByRole('link', { name: `Ulæst: Ugens eskaleringer (uge ${weekNumber}): 1 sag` }).waitFor();
  await page.keyboard.press('Escape');

  // English: the same page, the dates as dd-mm-yyyy HH:mm in Copenhagen time with an English weekday.
  await page.getByRole('button', { name: 'English – skift sprog til engelsk' }).click();
  await page.getByRole('heading', { level: 1, name: 'Weekly escalations' }).waitFor();
  await expectText(page.getByTestId('escalation-sent'), `Sent ${weekdayAndTime(sent.at, 'en')}`);
  await expectText(page.getByTestId('escalation-ran'), `Weekly run: ${weekdayAndTime(run.at, 'en')}`);
  await expect(page.getByRole('list', { name: 'Criteria in use:' }).getByRole('listitem').allInnerTexts()).resolves.toEqual([
    'Eviction within 21 days',
    'No contact for 14 days',
    'Missed instalment',
    'Overdue tasks',
    'Referral unanswered past its deadline',
  ]);
  const leadListEn = page.getByRole('region', { name: 'Escalated two weeks running in your department(s)', exact: true });
  await expect(leadListEn.locator('h3').allInnerTexts()).resolves.toEqual(['Eviction within 21 days', 'Missed instalment']);
  await expectNoSeriousViolations(page, 'escalations (lead, English)');

  // Notification titles in English, in the bell and on the notifications page (a reminder's too).
  const dueDate = addCalendarDays(monday, -3);
  await h.api.ds.query(`INSERT INTO notification (organisation_id, user_id, kind, case_id, data) VALUES ($1, $2, 'task_due', $3, $4)`, [
    world.organisationId,
    lead.id,
    own.id,
    JSON.stringify({ caseNumber: own.caseNumber, taskId: own.id, dueDate }),
  ]);
  await page.reload();
  await page.getByTestId('notification-bell').click();
  const popoverEn = page.getByRole('dialog', { name: 'Latest notifications' });
  await popoverEn.getByRole('link', { name: `Unread: Cases escalated two weeks running (week ${weekNumber}): 2 cases` }).waitFor();
  await popoverEn.getByRole('link', { name: `Unread: Weekly escalations (week ${weekNumber}): 1 case` }).waitFor();
  await popoverEn.getByRole('link', { name: `Unread: Task due ${dk(dueDate)} on case ${own.caseNumber}` }).waitFor();
  await expect(popoverEn.innerText()).resolves.not.toMatch(/Ugens|Opgave|uger i træk/);
  await popoverEn.getByRole('link', { name: 'See all notifications' }).click();
  const table = page.getByRole('table', { name: 'Your notifications' });
  await table.getByRole('link', { name: `Task due ${dk(dueDate)} on case ${own.caseNumber}` }).waitFor();
  await table.getByRole('button', { name: `Mark as read: Weekly escalations (week ${weekNumber}): 1 case` }).waitFor();
  await expect(table.innerText()).resolves.not.toMatch(/Ugens|Opgave|uger i træk/);
  await expectNoSeriousViolations(page, 'notifications (English)');
  await context.close();
});
