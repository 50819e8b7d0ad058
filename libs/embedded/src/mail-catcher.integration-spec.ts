import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { MailCatcherHandle, startMailCatcher } from './mail-catcher.js';

/** The catcher `npm start` runs without SMTP_URL: real SMTP in (nodemailer, as MailService sends), real HTTP out. */
let dir: string;
let catcher: MailCatcherHandle;

const send = (smtpUrl: string, mail: nodemailer.SendMailOptions) =>
  nodemailer.createTransport(smtpUrl).sendMail({ from: 'Forebyg <noreply@forebyg.local>', ...mail });
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual' });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'forebyg-mail-'));
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, dir });
});
afterAll(async () => {
  await catcher?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('catches a mail and shows it in the inbox, with every value escaped', async () => {
  await send(catcher.smtpUrl, {
    to: 'Rådgiver <raadgiver@example.dk>',
    subject: 'Påmindelse: <b>ring</b> til lejer & følg op',
    text: 'Sag FB-2026-0042 har en påmindelse.\n<script>alert(1)</script>',
    html: '<p>Sag <strong>FB-2026-0042</strong> har en påmindelse.</p><script>alert(1)</script><a href="http://localhost:3000/cases/1">Åbn sagen</a>',
  });
  expect(catcher.messages()).toHaveLength(1);
  const [message] = catcher.messages();

  const inbox = await get(catcher.inboxUrl);
  expect(inbox.status).toBe(200);
  expect(inbox.headers.get('content-security-policy')).toContain("default-src 'none'");
  const list = await inbox.text();
  expect(list).toContain('Påmindelse: &lt;b&gt;ring&lt;/b&gt; til lejer &amp; følg op');
  expect(list).not.toContain('<b>ring</b>');
  expect(list).toContain('Rådgiver &lt;raadgiver@example.dk&gt;');
  expect(list).toContain(`href="/messages/${message!.id}"`);

  const page = await get(`${catcher.inboxUrl}/messages/${message!.id}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<h1>Påmindelse: &lt;b&gt;ring&lt;/b&gt; til lejer &amp; følg op</h1>');
  expect(html).toContain('Sag FB-2026-0042 har en påmindelse.\n&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain(
    `<iframe title="The message as HTML" sandbox="allow-popups allow-popups-to-escape-sandbox" src="/messages/${message!.id}/html">`,
  );

  // The message's own HTML: as sent, but only ever rendered sandboxed (no script, opaque origin, no remote content).
  const part = await get(`${catcher.inboxUrl}/messages/${message!.id}/html`);
  expect(part.status).toBe(200);
  expect(part.headers.get('content-security-policy')).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none';/);
  expect(part.headers.get('content-security-policy')).not.toContain('allow-scripts');
  expect(part.headers.get('content-security-policy')).not.toContain('allow-same-origin');
  expect(await part.text()).toContain('<strong>FB-2026-0042</strong>');

  const raw = await (await get(`${catcher.inboxUrl}/messages/${message!.id}/raw`)).text();
  expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
  const json = await (await get(`${catcher.inboxUrl}/api/messages`)).json();
  expect(json).toEqual([
    expect.objectContaining({
      id: message!.id,
      to: ['Rådgiver <raadgiver@example.dk>'],
      subject: 'Påmindelse: <b>ring</b> til lejer & følg op',
    }),
  ]);
});

it('answers only to its own host names, only reads, and 404s what it does not have', async () => {
  // fetch() will not let a test set Host; a raw request can.
  const status = async (host: string) => {
    const { request } = await import('node:http');
    return new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: catcher.httpPort, path: '/', headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
  };
  expect(await status(`localhost:${catcher.httpPort}`)).toBe(200);
  expect(await status(`127.0.0.1:${catcher.httpPort}`)).toBe(200);
  expect(await status(`attacker.example:${catcher.httpPort}`)).toBe(421);
  expect((await fetch(catcher.inboxUrl, { method: 'POST' })).status).toBe(405);
  expect((await get(`${catcher.inboxUrl}/messages/1234567890123-deadbeef`)).status).toBe(404);
  expect((await get(`${catcher.inboxUrl}/messages/../../etc/passwd`)).status).toBe(404);
});

it('keeps messages as .eml files, so a restarted catcher still shows them', async () => {
  await send(catcher.smtpUrl, { to: 'sagsbehandler@example.dk', subject: 'Anden besked', text: 'Kun tekst' });
  expect((await readdir(dir)).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  const before = catcher.messages().map((m) => m.subject);
  await catcher.stop();
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, dir });
  expect(catcher.messages().map((m) => m.subject)).toEqual(before);
  expect(before).toEqual(['Anden besked', 'Påmindelse: <b>ring</b> til lejer & følg op']);
  const page = await (await get(`${catcher.inboxUrl}/messages/${catcher.messages()[0]!.id}`)).text();
  expect(page).toContain('<pre>Kun tekst');
  expect(page).not.toContain('<iframe');
});

it('takes the next free port when the configured one is in use', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const taken = (blocker.address() as { port: number }).port;
  const other = await startMailCatcher({ smtpPort: taken, httpPort: 0, dir: null });
  try {
    expect(other.smtpPort).toBeGreaterThan(taken);
    expect(other.smtpUrl).toBe(`smtp://127.0.0.1:${other.smtpPort}`);
    await send(other.smtpUrl, { to: 'a@example.dk', subject: 'Kun i hukommelsen', text: 'x' });
    expect(other.messages().map((m) => m.subject)).toEqual(['Kun i hukommelsen']);
  } finally {
    await other.stop();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
});
