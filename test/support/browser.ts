import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
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
