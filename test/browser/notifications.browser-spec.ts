/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { addCalendarDays, isoWeekOf, mondayOfIsoWeek, previousIsoWeek, todayInCopenhagen } from '@forebyg/domain';
import { EscalationService } from '@forebyg/escalation';
import { Factory, TestWorld } from '../support/factories.js';
import { BrowserHarness, expectNoSeriousViolations, login, openCase, screenshot, startBrowserHarness } from '../support/browser.js';
import { weekdayAndTime } from '../support/display.js';
import { startSmtpCatcher, SmtpCatcher } from '../support/smtp-catcher.js';
import { startTestWorker, TestWorker } from '../support/test-worker.js';

/**
 * The bell, the notifications page, "Ugens eskaleringer" and the admins' escalation page in a real browser, with
 * the worker firing reminders and a real SMTP server taking the e-mails. The caseworker's weekly list is seen
 * twice: live (before the week's run; the worker is not started yet, as its reconciler would run the week at
 * once) and as sent by the run. A counsellor's task due yesterday becomes a notification in the bell.
 */

let h: BrowserHarness;
let smtp: SmtpCatcher;
let worker: TestWorker | undefined;
let world: TestWorld;
let counsellorCookie: string;

const today = todayInCopenhagen();
const week = isoWeekOf(today);
const monday = mondayOfIsoWeek(week);
const dk = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
const weekTitle = (w: string) => `Uge ${Number(w.slice(6))}, ${w.slice(0, 4)}`;

/** The caseworker's cases, by what makes them escalate. */
const cases: Record<'two' | 'silent' | 'missed' | 'fine', { id: string; caseNumber: string }> = {} as never;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  h = await startBrowserHarness({ SMTP_URL: smtp.url });
  world = await new Factory(h.api.ds).world();
  counsellorCookie = await h.api.login(world.users.counsellor.email);
});
afterAll(async () => {
  await worker?.close();
  await h?.close();
  await smtp?.close();
});

/** axe on the page, not over a button just clicked (its hover colours are not what the page shows). */
const expectAccessible = (page: Page, where: string) => expectNoSeriousViolations(page, where, { mouseAway: true });

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A case opened over the api by the counsellor, as at the desk. */
function intake(tenancyNumber: string, extra: Record<string, unknown> = {}) {
  return openCase(h.api, counsellorCookie, {
    tenancy: {
      departmentId: world.deptA,
      tenancyNumber,
      address: 'Rosenvej 1',
      unit: '2. tv',
      postalCode: '2300',
      monthlyRentOre: 600000,
    },
    tenant: { name: 'Karen Blixen' },
    arrearsOre: 700000,
    ...extra,
  });
}

/**
 * A case of the caseworker with the facts the escalation reads, judged against this week's Monday (as
 * escalation.e2e-spec's caseFor does, on a case opened through the api).
 */
async function caseworkerCase(tenancyNumber: string, facts: string) {
  const c = await intake(tenancyNumber);
  await h.api.ds.query(`UPDATE case_file SET responsible_caseworker_id = $2, ${facts} WHERE id = $1`, [c.id, world.users.caseworker.id]);
  return { id: c.id, caseNumber: c.caseNumber };
}

/** The worker: started by the first test after it has seen the live list (or by a later test run on its own). */
async function ensureWorker(): Promise<TestWorker> {
  worker ??= await startTestWorker(h.api.config);
  return worker;
}

/** Waits until the element's whole text is `text`. */
async function expectText(locator: Locator, text: string) {
  await eventually(
    () => locator.innerText(),
    (v) => v.trim() === text,
    10_000,
  );
}

const bell = (page: Page) => page.getByTestId('notification-bell');
const bellName = (page: Page) => bell(page).getAttribute('aria-label');
const reasonSection = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The case numbers listed under a reason, with each row's text (the other reasons' badges). */
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

it('a caseworker sees this week’s escalations grouped by reason: first the live list, then the list the run sent', async () => {
  const lastContact = `last_contact_at = '${monday}'::date - 1`;
  cases.two = await caseworkerCase(
    'E-1',
    `eviction_date = '${addCalendarDays(monday, 10)}', earliest_open_task_due = '${addCalendarDays(monday, -3)}', ${lastContact}`,
  );
  cases.silent = await caseworkerCase('E-2', `opened_at = '${monday}'::date - 30, last_contact_at = NULL`);
  cases.missed = await caseworkerCase('E-3', `missed_instalment_count = 1, ${lastContact}`);
  cases.fine = await caseworkerCase('E-4', lastContact);

  const { context, page } = await h.newPage();
  await login(page, world.users.caseworker.email);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Ugens eskaleringer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ugens eskaleringer' }).waitFor();
  expect(await page.locator('h1').count()).toBe(1);
  await expectText(page.getByTestId('week-label'), weekTitle(week));
  await expectText(page.getByTestId('week-range'), `${dk(monday)} – ${dk(addCalendarDays(monday, 6))}`);
  await expectText(page.getByTestId('escalation-status'), 'Foreløbig liste (sendes mandag kl. 07:00)');
  await expectText(page.getByTestId('escalation-count'), '3 sager');

  // Grouped by reason, in the fixed order; the case with two reasons is under both, with the other as a badge.
  const expectGroups = async () => {
    const headings = await page.getByTestId('escalation-list').locator('h2').allInnerTexts();
    expect(headings).toEqual(['Udsættelse inden for 21 dage', 'Ingen kontakt i 14 dage', 'Misligholdt rate', 'Forfaldne opgaver']);
    expect(await rowsOf(reasonSection(page, 'Udsættelse inden for 21 dage'))).toEqual({ [cases.two.caseNumber]: 'Forfaldne opgaver' });
    expect(await rowsOf(reasonSection(page, 'Forfaldne opgaver'))).toEqual({ [cases.two.caseNumber]: 'Udsættelse inden for 21 dage' });
    expect(await rowsOf(reasonSection(page, 'Ingen kontakt i 14 dage'))).toEqual({ [cases.silent.caseNumber]: '–' });
    expect(await rowsOf(reasonSection(page, 'Misligholdt rate'))).toEqual({ [cases.missed.caseNumber]: '–' });
    await expect(page.getByRole('link', { name: cases.fine.caseNumber }).count()).resolves.toBe(0);
  };
  await expectGroups();
  await expectAccessible(page, 'escalations (live)');
  await screenshot(page, 'notifications-escalations-live');

  // The week picker: the week before (nothing was sent then), into the URL, and back to this week.
  await page.getByRole('button', { name: /^Forrige uge/ }).click();
  const before = previousIsoWeek(week);
  await page.waitForURL((url) => url.searchParams.get('week') === before);
  await expectText(page.getByTestId('week-label'), weekTitle(before));
  await page.getByTestId('escalation-status').filter({ hasText: 'Der blev ikke sendt en liste til dig i denne uge.' }).waitFor();
  await page.getByRole('button', { name: 'Denne uge' }).click();
  await page.waitForURL((url) => !url.searchParams.has('week'));
  await expectText(page.getByTestId('week-label'), weekTitle(week));

  // The Monday run (the worker's reconciler may run the missed week as it starts; the run is idempotent).
  await (await ensureWorker()).app.get(EscalationService).run(week);
  const [sent] = await h.api.ds.query(
    `SELECT created_at AS "at" FROM weekly_escalation WHERE user_id = $1 AND iso_week = $2 AND audience = 'caseworker'`,
    [world.users.caseworker.id, week],
  );
  expect(sent).toBeDefined();
  const [run] = await h.api.ds.query(`SELECT finished_at AS "at" FROM escalation_run WHERE organisation_id = $1 AND iso_week = $2`, [
    world.organisationId,
    week,
  ]);
  await page.reload();
  await page.getByTestId('escalation-status').filter({ hasText: 'Sendt' }).waitFor();
  // When the list was sent to the caseworker and when the week's run happened: weekday, dd-mm-yyyy HH:mm in Copenhagen.
  await expectText(page.getByTestId('escalation-sent'), `Sendt ${weekdayAndTime(sent.at)}`);
  await expectText(page.getByTestId('escalation-ran'), `Ugens kørsel: ${weekdayAndTime(run.at)}`);
  await expectGroups();
  await expectAccessible(page, 'escalations (sent)');
  await screenshot(page, 'notifications-escalations');

  // The run put a notification in the caseworker's bell (and sent the e-mail); it leads to this list.
  await page.reload();
  await eventually(
    () => bellName(page),
    (name) => name === 'Notifikationer, 1 ulæst',
  );
  await bell(page).click();
  const popover = page.getByRole('dialog', { name: 'Seneste notifikationer' });
  await popover.getByRole('link', { name: `Ulæst: Ugens eskaleringer (uge ${Number(week.slice(6))}): 3 sager` }).click();
  await page.waitForURL((url) => url.pathname === '/escalations' && url.searchParams.get('week') === week);
  await eventually(
    () => bellName(page),
    (name) => name === 'Notifikationer, ingen ulæste',
  );
  await eventually(
    async () => smtp.mails.filter((m) => m.to.includes(world.users.caseworker.email) && m.decoded.includes('Ugens eskaleringer')).length,
    (n) => n === 1,
  );

  // Each case number leads to the case.
  await reasonSection(page, 'Misligholdt rate').getByRole('link', { name: cases.missed.caseNumber }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: cases.missed.caseNumber }).waitFor();
  await context.close();
});

it('a counsellor’s task due yesterday rings the bell; the notification leads to the case and is read; the e-mail choice is kept', async () => {
  await ensureWorker();
  const { context, page } = await h.newPage();
  await login(page, world.users.counsellor.email);
  await eventually(
    () => bellName(page),
    (name) => name !== null,
  );
  const unreadBefore = (await h.api.http().get('/api/v1/notifications/unread-count').set('Cookie', counsellorCookie)).body.unread as number;
  expect(await bellName(page)).toBe(
    unreadBefore === 0 ? 'Notifikationer, ingen ulæste' : `Notifikationer, ${unreadBefore} ulæst${unreadBefore === 1 ? '' : 'e'}`,
  );

  // A task due yesterday: the reminder is due at once, the worker fires it into the bell (and the e-mail).
  const c = await intake('N-1', { firstContact: { channel: 'meeting', reached: true } });
  const task = await h.api
    .http()
    .post(`/api/v1/cases/${c.id}/tasks`)
    .set('Cookie', counsellorCookie)
    .send({ title: 'Ring til Karen Blixen', dueDate: addCalendarDays(today, -1) });
  expect(task.status).toBe(201);
  await eventually(
    () => h.api.ds.query(`SELECT id FROM notification WHERE case_id = $1 AND kind = 'task_due'`, [c.id]),
    (rows) => rows.length === 1,
  );
  await page.reload();
  const after = unreadBefore + 1;
  await eventually(
    () => bellName(page),
    (name) => name === `Notifikationer, ${after} ulæst${after === 1 ? '' : 'e'}`,
  );
  await expect(bell(page).innerText()).resolves.toBe(String(after));

  // Open the bell from the keyboard: focus moves into the popover, Escape closes it and returns focus.
  await bell(page).focus();
  await page.keyboard.press('Enter');
  const popover = page.getByRole('dialog', { name: 'Seneste notifikationer' });
  await popover.waitFor();
  const title = `Opgave forfalder ${dk(addCalendarDays(today, -1))} på sag ${c.caseNumber}`;
  const item = popover.getByRole('link', { name: `Ulæst: ${title}` });
  await item.waitFor();
  await expect(popover.locator('[data-testid="bell-item"][data-unread]').count()).resolves.toBe(after);
  await expect(popover.getByTestId('bell-item').first().locator('time').innerText()).resolves.toMatch(/siden$|^nu$/);
  await eventually(() => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]'))), Boolean);
  await expectAccessible(page, 'bell popover');
  await screenshot(page, 'notifications-bell');
  await page.keyboard.press('Escape');
  await popover.waitFor({ state: 'hidden' });
  await eventually(
    () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null),
    (id) => id === 'notification-bell',
  );

  // Click the notification: the case opens, the notification is read, the count drops.
  await bell(page).click();
  await item.click();
  await page.waitForURL((url) => url.pathname === `/cases/${c.id}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: c.caseNumber }).waitFor();
  const dropped = after - 1;
  await eventually(
    () => bellName(page),
    (name) => name === (dropped === 0 ? 'Notifikationer, ingen ulæste' : `Notifikationer, ${dropped} ulæst${dropped === 1 ? '' : 'e'}`),
  );
  const [row] = await h.api.ds.query(`SELECT read_at AS "readAt" FROM notification WHERE case_id = $1`, [c.id]);
  expect(row.readAt).not.toBeNull();
  // The e-mail went out too: a link to the case, no name.
  const mail = await eventually(
    async () => smtp.mails.find((m) => m.to.includes(world.users.counsellor.email) && m.decoded.includes(c.caseNumber)),
    Boolean,
  );
  expect(mail!.decoded).toContain(`/cases/${c.id}`);
  expect(mail!.decoded).not.toContain('Blixen');

  // The full list: read now; the unread filter goes into the URL; the e-mail preference.
  await bell(page).click();
  await page.getByRole('dialog', { name: 'Seneste notifikationer' }).getByRole('link', { name: 'Se alle notifikationer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Notifikationer' }).waitFor();
  expect(await page.locator('h1').count()).toBe(1);
  const table = page.getByRole('table', { name: 'Dine notifikationer' });
  const readRow = table.locator('tbody tr').filter({ hasText: title });
  await readRow.waitFor();
  await expect(readRow.innerText()).resolves.toContain('Læst');
  await expect(readRow.innerText()).resolves.toContain(c.caseNumber);
  await expectAccessible(page, 'notifications page');
  await screenshot(page, 'notifications-page');
  await page.getByText('Kun ulæste', { exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('unread') === 'true');
  await table.locator('tbody tr').filter({ hasText: title }).waitFor({ state: 'detached' });
  await page.reload();
  await table.waitFor();
  await expect(table.locator('tbody tr').filter({ hasText: title }).count()).resolves.toBe(0);

  const email = page.getByRole('switch', { name: 'Send også påmindelser på e-mail' });
  await expect(email.isChecked()).resolves.toBe(true);
  await email.focus();
  await page.keyboard.press('Space');
  await page.getByText('Gemt: du får ikke længere påmindelser på e-mail.').waitFor();
  const pref = async () =>
    (await h.api.ds.query('SELECT notify_by_email AS "on" FROM app_user WHERE id = $1', [world.users.counsellor.id]))[0].on as boolean;
  await eventually(pref, (on) => on === false);
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Send også påmindelser på e-mail' }).isChecked()).resolves.toBe(false);
  await page.getByRole('switch', { name: 'Send også påmindelser på e-mail' }).click();
  await page.getByText('Gemt: du får også påmindelser på e-mail.').waitFor();
  await eventually(pref, (on) => on === true);
  await context.close();
});

it('an admin previews what the next run sends, per recipient, and saves the criteria', async () => {
  // This week's run has happened (the first test ran it; running it again writes nothing).
  await (await ensureWorker()).app.get(EscalationService).run(week);
  const { context, page } = await h.newPage();
  await login(page, world.users.admin.email);
  await page.getByRole('list', { name: 'Administration' }).getByRole('link', { name: 'Eskaleringer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Eskaleringer' }).waitFor();
  expect(await page.locator('h1').count()).toBe(1);
  // This week has run, so the preview is next week's.
  const next = isoWeekOf(addCalendarDays(monday, 7));
  await page.getByRole('heading', { level: 2, name: `Næste udsendelse: ${weekTitle(next)}` }).waitFor();
  const preview = page.getByRole('table', { name: 'Modtagere i næste udsendelse' });
  const recipient = preview.locator(`tr[data-recipient="${world.users.caseworker.email}"][data-audience="caseworker"]`);
  await recipient.waitFor();
  await expect(recipient.innerText()).resolves.toContain('Test caseworker');
  await expect(recipient.innerText()).resolves.toContain('Sagsbehandler');
  await expect(recipient.locator('td').nth(2).innerText()).resolves.toBe('3');

  // Expand the recipient's case list: the cases with their reasons.
  const toggle = recipient.getByRole('button', { name: 'Vis sager til Test caseworker (Sagsbehandler)' });
  await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
  await toggle.click();
  const list = page.getByRole('list', { name: 'Sager til Test caseworker' });
  await list.waitFor();
  await expect(
    recipient.getByRole('button', { name: 'Skjul sager til Test caseworker (Sagsbehandler)' }).getAttribute('aria-expanded'),
  ).resolves.toBe('true');
  const two = list.getByRole('listitem').filter({ has: page.getByRole('link', { name: cases.two.caseNumber }) });
  await expect(two.innerText()).resolves.toContain('Udsættelse inden for 21 dage');
  await expect(two.innerText()).resolves.toContain('Forfaldne opgaver');
  await expectAccessible(page, 'admin escalations');
  await screenshot(page, 'notifications-admin-escalations');

  // The criteria: a wrong value is caught at the field; a saved change shows in the preview.
  const form = page.getByRole('form', { name: 'Kriterier' });
  const eviction = form.getByRole('textbox', { name: 'Udsættelse inden for (dage)' });
  await expect(eviction.inputValue()).resolves.toBe('21');
  await eviction.fill('mange');
  await form.getByRole('button', { name: 'Gem kriterier' }).click();
  await form.getByText('Skriv et helt antal dage mellem 0 og 365.').waitFor();
  await eviction.fill('14');
  await form.getByRole('switch', { name: 'Forfaldne opgaver' }).click();
  await expect(form.getByRole('switch', { name: 'Forfaldne opgaver' }).isChecked()).resolves.toBe(false);
  await form.getByRole('button', { name: 'Gem kriterier' }).click();
  await page.getByText('Kriterierne er gemt. Forhåndsvisningen er opdateret.').waitFor();
  const [stored] = await h.api.ds.query(
    `SELECT eviction_within_days AS "evictionWithinDays", no_contact_days AS "noContactDays", overdue_tasks AS "overdueTasks" FROM escalation_setting WHERE organisation_id = $1`,
    [world.organisationId],
  );
  expect(stored).toEqual({ evictionWithinDays: 14, noContactDays: 14, overdueTasks: false });
  await expect(two.innerText()).resolves.not.toContain('Forfaldne opgaver');
  await expect(two.innerText()).resolves.toContain('Udsættelse inden for 14 dage');
  await expectAccessible(page, 'admin escalations after save');
  await context.close();
});
