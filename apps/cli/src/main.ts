import 'reflect-metadata';
import { Command } from 'commander';
import { AppConfig, ConfigError, loadConfig, revertMigrations, runMigrations } from '@forebyg/core';
import { DemoSeeder } from '@forebyg/demo';
import { MIGRATIONS } from '@forebyg/migrations';
import { withContext } from './context.js';
import { resolveDatabase, StartupError } from './database-url.js';
import { launch, saveDemoCredentials } from './launcher.js';
import { OperatorCommands } from './operator-commands.js';

const say = (line: string) => console.log(line);

/** Runs a command against the configured (or embedded) database, with migrations applied first. */
async function withDatabase<T>(config: AppConfig, fn: (config: AppConfig, url: string) => Promise<T>): Promise<T> {
  const { url, embedded } = await resolveDatabase(config, say);
  try {
    return await fn({ ...config, DATABASE_URL: url }, url);
  } finally {
    await embedded?.stop();
  }
}

async function operator<T>(fn: (ops: OperatorCommands) => Promise<T>): Promise<T> {
  return withDatabase(loadConfig(), async (config, url) => {
    await runMigrations(url, MIGRATIONS);
    return withContext(config, (app) => fn(new OperatorCommands(app)));
  });
}

const program = new Command('forebyg').description('Forebyg operator commands').showHelpAfterError();

program.command('start').description('Start api (with web UI) and worker; embedded PostgreSQL when DATABASE_URL is unset').action(() => launch(loadConfig()));

program.command('migrate').description('Apply pending database migrations').action(() =>
  withDatabase(loadConfig(), async (_c, url) => {
    const applied = await runMigrations(url, MIGRATIONS);
    say(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.');
  }),
);

program
  .command('migrate:revert')
  .description('Revert the newest migration(s)')
  .option('--steps <n>', 'how many', '1')
  .action((o: { steps: string }) =>
    withDatabase(loadConfig(), async (_c, url) => {
      await revertMigrations(url, MIGRATIONS, Number(o.steps));
      say(`Reverted ${o.steps} migration(s).`);
    }),
  );

program.command('org:create').requiredOption('--name <name>').description('Create the organisation (fresh install)').action((o: { name: string }) =>
  operator(async (ops) => say(`Organisation created: ${await ops.createOrganisation(o.name)}`)),
);

program
  .command('department:create')
  .requiredOption('--code <code>')
  .requiredOption('--name <name>')
  .requiredOption('--municipality <code>', 'official 3-digit municipality code, e.g. 101')
  .action((o: { code: string; name: string; municipality: string }) =>
    operator(async (ops) => say(`Department created: ${await ops.createDepartment(o.code, o.name, o.municipality)}`)),
  );

program
  .command('user:create')
  .description('Create a staff user; prints a generated password when --password is not given')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--role <role>', 'admin, counsellor, caseworker or property_manager')
  .option('--departments <codes>', 'department codes, comma-separated, or "all"')
  .option('--password <password>')
  .action((o: { email: string; name: string; role: string; departments?: string; password?: string }) =>
    operator(async (ops) => {
      const res = await ops.createUser(o);
      say(`User created: ${res.id}`);
      if (res.generated) say(`Initial password (shown once): ${res.password}`);
    }),
  );

program
  .command('user:reset-password')
  .requiredOption('--email <email>')
  .option('--password <password>')
  .action((o: { email: string; password?: string }) =>
    operator(async (ops) => {
      const res = await ops.resetPassword(o.email, o.password);
      say('Password reset; the user\'s sessions were ended.');
      if (res.generated) say(`New password (shown once): ${res.password}`);
    }),
  );

program
  .command('apikey:create')
  .description('Create an API key for a ledger system; the key is printed once')
  .requiredOption('--name <name>')
  .requiredOption('--departments <codes>', 'department codes, comma-separated, or "all"')
  .option('--scopes <scopes>', 'comma-separated', 'arrears:write')
  .action((o: { name: string; departments: string; scopes: string }) =>
    operator(async (ops) => {
      const res = await ops.createApiKey(o.name, o.departments, o.scopes);
      say(`API key ${res.id} created. The key (shown once, store it now):\n${res.secret}`);
    }),
  );

program.command('apikey:revoke').requiredOption('--id <id>').action((o: { id: string }) =>
  operator(async (ops) => {
    await ops.revokeApiKey(o.id);
    say(`API key ${o.id} revoked.`);
  }),
);

program.command('demo:load').description('Load the demo organisation into an empty database').action(() =>
  withDatabase(loadConfig(), async (config, url) => {
    await runMigrations(url, MIGRATIONS);
    const creds = await withContext(config, (app) => app.get(DemoSeeder).seed());
    if (creds) await saveDemoCredentials(config, creds);
    say(creds ? `Demo data loaded. Password for all demo users: ${creds.password}\nDemo API key (shown once): ${creds.apiKey}` : 'The database is not empty; demo data not loaded.');
  }),
);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StartupError) console.error(err.message);
  else console.error(`forebyg: ${(err as Error).message}`);
  process.exit(1);
});
