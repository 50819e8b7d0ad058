/**
 * What the benchmarks share (README.md here): their output helpers and a database of their own for each run,
 * `<prefix><pid>` on DATABASE_URL with all migrations, dropped at the end; with BENCH_KEEP_DB=1
 * `<prefix>kept_<pid>`, kept. Databases that killed runs left behind are dropped by the next run. The worker as
 * a child process is in bench-worker.ts.
 */
import path from 'node:path';
import pg from 'pg';
import { runMigrations } from '@forebyg/core';
import { MIGRATIONS } from '@forebyg/migrations';
import { isAlive, withDatabase } from '../support/run-databases.js';

export const ROOT = path.resolve(__dirname, '../..');

/** A numeric knob from the environment. */
export const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
export const out = (line = '') => process.stdout.write(`${line}\n`);
export const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const secs = (ms: number) => (ms / 1000).toFixed(1);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export interface BenchDatabase {
  /** DATABASE_URL: the server the database is made on. */
  adminUrl: string;
  /** Of every database of this bench, `forebyg_bench_<bench>_`. */
  prefix: string;
  name: string;
  url: string;
  /** BENCH_KEEP_DB=1: not dropped at the end. */
  kept: boolean;
  /** Made: there is something to drop or keep at the end. */
  created: boolean;
}

/**
 * The run's database, named but not made yet ({@link createBenchDatabase}), on DATABASE_URL (global-setup.ts
 * sets it to an embedded PostgreSQL when it is unset, and that is said here).
 */
export function benchDatabase(prefix: string, kept: boolean): BenchDatabase {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL missing (global-setup.ts sets it)');
  if (process.env.FOREBYG_BENCH_EMBEDDED) out('database: embedded PostgreSQL in .data/bench (DATABASE_URL unset)');
  // A kept database gets a name the sweep of stale databases leaves alone.
  const name = kept ? `${prefix}kept_${process.pid}` : `${prefix}${process.pid}`;
  return { adminUrl, prefix, name, url: withDatabase(adminUrl, name), kept, created: false };
}

/**
 * Drops the databases of earlier, killed runs (the name carries the run's pid), makes this one with all
 * migrations, and connects to it. Prints `database: <name> (PostgreSQL <version>, <setting> <value>, …)` for the
 * `settings` named.
 */
export async function createBenchDatabase(db: BenchDatabase, settings: string[]): Promise<pg.Client> {
  const { adminUrl, prefix, name } = db;
  const stale = await adminQuery(adminUrl, `SELECT datname FROM pg_database WHERE datname ~ '^${prefix}[0-9]+$'`);
  for (const { datname } of stale.rows) {
    if (!isAlive(Number(datname.slice(prefix.length)))) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  db.created = true;
  await runMigrations(db.url, MIGRATIONS);
  const sql = await connectClient(db.url, 'bench-setup');
  try {
    const { rows } = await sql.query(
      `SELECT current_setting('server_version') AS version, array_agg(current_setting(s) ORDER BY i) AS vals
         FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i)`,
      [settings],
    );
    const { version, vals } = rows[0] as { version: string; vals: string[] };
    out(`database: ${name} (PostgreSQL ${version}${settings.map((s, i) => `, ${s} ${vals[i]}`).join('')})`);
    return sql;
  } catch (err) {
    await sql.end();
    throw err;
  }
}

/** At the end of a run: drops the database, or when it is kept prints `keptLine(url)`. */
export async function dropBenchDatabase(db: BenchDatabase, keptLine: (url: string) => string): Promise<void> {
  if (!db.created) return;
  if (db.kept) out(keptLine(db.url));
  else await adminQuery(db.adminUrl, `DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
}

export async function connectClient(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}
