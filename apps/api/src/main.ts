import 'reflect-metadata';
import { checkServers, ConfigError, loadConfig, runMigrations } from '@forebyg/core';
import { MIGRATIONS } from '@forebyg/migrations';
import { createApiApp } from './create-api-app.js';

async function main() {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set. `npm start` runs an embedded PostgreSQL for you; to run the api alone, set DATABASE_URL.');
  const unreachable = await checkServers(config);
  if (unreachable.length) throw new Error(unreachable.join('; '));
  // Serialised by an advisory lock, so several replicas starting at once apply each migration once.
  if (config.MIGRATIONS_RUN) await runMigrations(config.DATABASE_URL, MIGRATIONS);
  const { app } = await createApiApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((err) => {
  // One clear line for operators; details only for unexpected failures.
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`forebyg-api failed to start: ${(err as Error).message}`);
  process.exit(1);
});
