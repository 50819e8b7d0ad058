import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { TEST_PASSWORD } from './factories.js';
import { startTestApi, TestApi } from './test-api.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '../browser/screenshots');

export interface BrowserHarness {
  api: TestApi;
  baseUrl: string;
  browser: Browser;
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The api on a real port serving dist/web, and a headless Chromium (Debian's; test tools cannot download browsers here).
 * `env` is added to the api's configuration (e.g. SMTP_URL of a test mail server).
 */
export async function startBrowserHarness(env: Record<string, string> = {}): Promise<BrowserHarness> {
  const webDir = path.resolve(__dirname, '../../dist/web');
  if (!existsSync(path.join(webDir, 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` first');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  const api = await startTestApi(env, { webDir });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const address = api.app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    api,
    baseUrl,
    browser,
    async newPage() {
      // axe needs a page from a context (not browser.newPage()).
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
      return { context, page: await context.newPage() };
    },
    async close() {
      await browser.close();
      await api.close();
    },
  };
}

/** Serious and critical axe-core violations on the current page (the UI's accessibility bar). */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string | null | undefined; nodes: number; help: string }[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Fails on any serious or critical axe-core violation, naming the offending elements in the log. `mouseAway`:
 * moves the mouse off the page first (a button just clicked shows its hover colours, which the page does not).
 */
export async function expectNoSeriousViolations(page: Page, where: string, { mouseAway = false } = {}): Promise<void> {
  if (mouseAway) await page.mouse.move(0, 0);
  const violations = await seriousA11yViolations(page);
  if (violations.length) {
    const results = await new AxeBuilder({ page }).analyze();
    for (const v of results.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      console.log(where, v.id, v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n'));
    }
  }
  expect({ where, violations }).toEqual({ where, violations: [] });
}

/** Logs in through the login page and waits for the home page's greeting. */
export async function login(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Adgangskode', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Goddag' }).waitFor();
}

/** Picks an option of a Mantine Select/MultiSelect by the control's label (within `scope`), which closes the dropdown. */
export async function choose(scope: Page | Locator, page: Page, label: string, option: string): Promise<void> {
  await scope
    .getByRole('textbox', { name: label, exact: true })
    .or(scope.getByRole('combobox', { name: label, exact: true }))
    .first()
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** YYYY-MM-DD in Copenhagen, `days` from today. */
export function isoDay(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export interface OpenedCase {
  id: string;
  caseNumber: string;
  version: number;
  stage: string;
  risk: { level: string; score: number };
}

/** A case opened over the api (POST /api/v1/cases) as the user of `cookie`, as at the desk. */
export async function openCase(api: TestApi, cookie: string, body: Record<string, unknown>): Promise<OpenedCase> {
  const res = await api.http().post('/api/v1/cases').set('Cookie', cookie).send(body);
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as OpenedCase;
}
