import { DataSource, MigrationInterface } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/** Arbitrary but fixed: serialises migration runs of several api replicas or CLI calls. */
const MIGRATION_LOCK_KEY = 7_310_202_611;

type MigrationClass = new () => MigrationInterface;

async function withMigrationLock<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await fn();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** Applies pending migrations (each in its own transaction); returns the names applied. */
export async function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions({ url, migrations, poolSize: 2, applicationName: 'forebyg-migrate' }));
  await ds.initialize();
  try {
    return await withMigrationLock(ds, async () => {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    });
  } finally {
    await ds.destroy();
  }
}

/** Reverts the last `steps` migrations, newest first. */
export async function revertMigrations(url: string, migrations: MigrationClass[], steps = 1): Promise<void> {
  const ds = new DataSource(dataSourceOptions({ url, migrations, poolSize: 2, applicationName: 'forebyg-migrate' }));
  await ds.initialize();
  try {
    await withMigrationLock(ds, async () => {
      for (let i = 0; i < steps; i++) await ds.undoLastMigration({ transaction: 'each' });
    });
  } finally {
    await ds.destroy();
  }
}
