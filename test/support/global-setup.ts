import './resolve-hook.cjs';
import pg from 'pg';
import { MIGRATIONS } from '@forebyg/migrations';
import { runMigrations } from '@forebyg/core';
import { startEmbeddedPostgres } from '@forebyg/embedded';
import { isAlive, withDatabase } from './run-databases.js';

/**
 * Once per test run: find a PostgreSQL server (DATABASE_URL, as CI and production use, or an embedded
 * one in .data/test when nothing is configured), and build a template database with every migration
 * applied. Each test file then clones the template into a database of its own (test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const handle = await startEmbeddedPostgres({ dataDir: '.data/test', port: 54339, database: 'postgres', persistent: false });
    (globalThis as Record<string, unknown>).__FOREBYG_PG__ = handle;
    adminUrl = handle.url;
  }
  const template = `forebyg_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Databases left by an earlier, killed run (names carry the run's pid; runs still alive keep theirs).
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname ~ '^forebyg_(t|tpl)_[0-9]+'`);
    for (const { datname } of stale.rows) {
      const pid = Number(/^forebyg_(?:t|tpl)_(\d+)/.exec(datname)![1]);
      if (!isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const templateUrl = withDatabase(adminUrl, template);
  await runMigrations(templateUrl, MIGRATIONS);
  process.env.FOREBYG_TEST_ADMIN_URL = adminUrl;
  process.env.FOREBYG_TEST_TEMPLATE = template;
  process.env.FOREBYG_TEST_RUN = String(process.pid);
}
