import pg from 'pg';
import { AppConfig, checkPostgres } from '@forebyg/core';
export { checkRedis } from '@forebyg/core';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '@forebyg/embedded';

export class StartupError extends Error {}

/**
 * The database a command runs against: DATABASE_URL when set (checked, with one clear line if it is
 * unreachable); otherwise the embedded PostgreSQL in DATA_DIR, reusing it when `npm start` already
 * runs it, else starting it for the duration of the command.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void): Promise<{ url: string; embedded: EmbeddedPostgresHandle | null }> {
  if (config.DATABASE_URL) {
    const problem = await checkPostgres(config.DATABASE_URL);
    if (problem) throw new StartupError(problem);
    return { url: config.DATABASE_URL, embedded: null };
  }
  const url = `postgres://forebyg:forebyg-local@127.0.0.1:${config.EMBEDDED_PG_PORT}/forebyg`;
  if (await reachable(url)) return { url, embedded: null };
  log(`No DATABASE_URL set: starting the embedded PostgreSQL in ${config.DATA_DIR}/pg on 127.0.0.1:${config.EMBEDDED_PG_PORT}. Set DATABASE_URL to use your own server.`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
  return { url: embedded.url, embedded };
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
