import { ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppConfig, runMigrations, workerNodeFlags } from '@forebyg/core';
import { MIGRATIONS } from '@forebyg/migrations';
import { checkRedis, resolveDatabase, StartupError } from './database-url.js';
import { withContext } from './context.js';
import { DemoCredentials, DemoSeeder } from '@forebyg/demo';
import { MailCatcherHandle, startMailCatcher } from '@forebyg/embedded';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/apps/cli/apps/cli/src → dist/apps/{api,worker}/apps/{api,worker}/src/main.js */
const entry = (app: 'api' | 'worker') => path.resolve(here, `../../../../${app}/apps/${app}/src/main.js`);

/**
 * `npm start`: the whole system on one machine. Database (embedded unless DATABASE_URL), queue backend
 * (PostgreSQL unless REDIS_URL), migrations, demo data on an empty database, a local mail catcher unless
 * SMTP_URL, then api (with the web UI) and worker as child processes. Stops everything on Ctrl-C, or when
 * either child dies.
 */
export async function launch(config: AppConfig): Promise<void> {
  const say = (line: string) => console.log(`[forebyg] ${line}`);
  const { url, embedded } = await resolveDatabase(config, say);
  if (config.REDIS_URL) {
    const problem = await checkRedis(config.REDIS_URL);
    if (problem) throw new StartupError(problem);
    say('Queues: Redis (REDIS_URL).');
  } else {
    say("No REDIS_URL set: queues run on BullMQ's PostgreSQL backend in the same database. Set REDIS_URL to use Redis (production).");
  }
  const applied = await runMigrations(url, MIGRATIONS);
  say(applied.length ? `Applied ${applied.length} migration(s).` : 'Database schema is up to date.');

  // Demo data only outside production, and only into an empty database.
  if (config.DEMO_DATA && config.NODE_ENV !== 'production') {
    const creds = await withContext({ ...config, DATABASE_URL: url }, (app) => app.get(DemoSeeder).seed());
    if (creds) {
      await saveDemoCredentials(config, creds);
      say('Loaded the demo organisation into the empty database.');
    }
  }

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, FOREBYG_LAUNCHED: '1' };
  const catcher = await startLocalMailCatcher(config, say);
  if (catcher) Object.assign(env, { SMTP_URL: catcher.smtpUrl, SMTP_REQUIRE_TLS: 'false' });
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await catcher?.stop().catch(() => undefined);
    if (embedded) await embedded.stop();
    process.exit(code);
  };
  for (const app of ['api', 'worker'] as const) {
    const flags = app === 'worker' ? workerNodeFlags(config) : [];
    const child = spawn(process.execPath, [...flags, entry(app)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[forebyg] ${app} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping.`);
        void stop(1);
      }
    });
    children.push(child);
  }
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  await waitForHealth(`${base}/health/ready`, 60_000);
  const banner = [
    `Forebyg is running: ${config.PUBLIC_URL}`,
    `API documentation: ${config.PUBLIC_URL}/api/docs`,
    `Background jobs (admins): ${config.PUBLIC_URL}/admin/queues`,
  ];
  if (catcher) banner.push(`Mails sent by Forebyg: ${catcher.inboxUrl}`);
  const creds = await readFile(demoCredentialsFile(config), 'utf8').then((t) => JSON.parse(t) as DemoCredentials).catch(() => null);
  if (creds) {
    banner.push('Demo users (password for all: ' + creds.password + '):');
    for (const u of creds.users) banner.push(`  ${u.role.padEnd(17)} ${u.email}`);
    banner.push(`Demo API key (${creds.apiKeyScopes.join(', ')}): ${creds.apiKey}`);
  }
  banner.push('Stop with Ctrl-C.');
  console.log(`\n${banner.map((l) => `  ${l}`).join('\n')}\n`);
}

/**
 * Without SMTP_URL (and outside production), mails go to a catcher on 127.0.0.1 with a web inbox, kept in
 * DATA_DIR/mail, so a new user sees what the system sends. MAIL_CATCHER=false turns it off (no e-mail at all).
 */
async function startLocalMailCatcher(config: AppConfig, say: (line: string) => void): Promise<MailCatcherHandle | null> {
  if (config.SMTP_URL || config.NODE_ENV === 'production' || !config.MAIL_CATCHER) return null;
  try {
    const catcher = await startMailCatcher({
      smtpPort: config.MAIL_CATCHER_PORT,
      httpPort: config.MAIL_CATCHER_WEB_PORT,
      dir: path.resolve(config.DATA_DIR, 'mail'),
      onLog: (line) => say(`mail catcher: ${line}`),
    });
    say(`No SMTP_URL set: e-mail goes to the local mail catcher (SMTP ${catcher.smtpUrl}, inbox ${catcher.inboxUrl}). Set SMTP_URL to send real e-mail.`);
    return catcher;
  } catch (err) {
    say(`No SMTP_URL set, and the local mail catcher could not start (${(err as Error).message}): no e-mail is sent.`);
    return null;
  }
}

export function demoCredentialsFile(config: AppConfig): string {
  return path.resolve(config.DATA_DIR, 'demo-credentials.json');
}

/** Kept in DATA_DIR (mode 600) so every later `npm start` can print the demo logins again. */
export async function saveDemoCredentials(config: AppConfig, creds: DemoCredentials): Promise<void> {
  await mkdir(config.DATA_DIR, { recursive: true });
  await writeFile(demoCredentialsFile(config), JSON.stringify(creds, null, 2), { mode: 0o600 });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StartupError(`The api did not become ready at ${url} within ${timeoutMs / 1000} s`);
}
