import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from './run-databases.js';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.FOREBYG_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A database of this test file's own: a copy of the migrated template (`migrated: true`), or an empty
 * one for the migration tests. Order and parallelism of test files never matter.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.FOREBYG_TEST_ADMIN_URL;
  const template = process.env.FOREBYG_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('Test database support needs the jest globalSetup (test/support/global-setup.ts)');
  const name = `forebyg_t_${process.env.FOREBYG_TEST_RUN ?? process.pid}_${randomBytes(5).toString('hex')}`;
  // CREATE DATABASE ... TEMPLATE needs the template to have no other connections; retry briefly if two files clone at once.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(opts.migrated === false ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (err) {
      if (attempt > 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
