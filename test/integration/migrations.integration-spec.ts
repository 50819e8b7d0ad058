import pg from 'pg';
import { revertMigrations, runMigrations } from '@forebyg/core';
import { MIGRATIONS } from '@forebyg/migrations';
import { createTestDatabase, TestDatabase } from '../support/test-database.js';

/**
 * The migrations on an empty database: all the way up, all the way down one step at a time, and up again,
 * leaving the same schema as the first time. Down migrations are run for real here and nowhere else.
 */
let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

const names = MIGRATIONS.map((M) => new M().name ?? M.name);

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}

/** Everything a migration can leave behind in `public`, as sorted text: tables, columns, indexes, constraints, triggers, functions, sequences, types. */
async function schemaFingerprint(): Promise<string[]> {
  const queries = [
    `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS x
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
    `SELECT 'index ' || indexdef AS x FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations'`,
    `SELECT 'constraint ' || c.conrelid::regclass || ' ' || pg_get_constraintdef(c.oid) AS x
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'typeorm_migrations'`,
    `SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname AS x FROM pg_trigger WHERE NOT tgisinternal`,
    `SELECT 'function ' || p.proname AS x FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
    `SELECT 'sequence ' || sequence_name AS x FROM information_schema.sequences WHERE sequence_schema = 'public' AND sequence_name NOT LIKE 'typeorm_migrations%'`,
    `SELECT 'type ' || t.typname AS x FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)`,
  ];
  const parts: string[] = [];
  // One connection: queries in sequence.
  for (const sql of queries) parts.push(...(await rows<{ x: string }>(sql)).map((r) => r.x));
  return parts.sort();
}

async function publicTables(): Promise<string[]> {
  const r = await rows<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return r.map((t) => t.table_name);
}

async function appliedMigrations(): Promise<string[]> {
  return (await rows<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY id')).map((r) => r.name);
}

let firstUp: string[];

it('applies every migration to an empty database, in order', async () => {
  expect(await publicTables()).toEqual([]);
  const applied = await runMigrations(db.url, MIGRATIONS);
  expect(applied).toEqual(names);
  expect(await appliedMigrations()).toEqual(names);
  firstUp = await schemaFingerprint();
  expect(firstUp.length).toBeGreaterThan(50);
  // A second run has nothing left to do.
  expect(await runMigrations(db.url, MIGRATIONS)).toEqual([]);
});

it('reverts every migration one step at a time down to an empty schema', async () => {
  for (let remaining = names.length; remaining > 0; remaining--) {
    await revertMigrations(db.url, MIGRATIONS, 1);
    expect(await appliedMigrations()).toEqual(names.slice(0, remaining - 1));
  }
  expect(await publicTables()).toEqual(['typeorm_migrations']);
  expect(await schemaFingerprint()).toEqual([]);
});

it('migrates up again cleanly to the same schema', async () => {
  expect(await runMigrations(db.url, MIGRATIONS)).toEqual(names);
  expect(await schemaFingerprint()).toEqual(firstUp);
});

it('seeds all 98 municipalities with unique codes', async () => {
  const [{ n, codes }] = await rows<{ n: number; codes: number }>(
    'SELECT count(*)::int AS n, count(DISTINCT code)::int AS codes FROM municipality',
  );
  expect(n).toBe(98);
  expect(codes).toBe(98);
  const [kbh] = await rows<{ name: string }>(`SELECT name FROM municipality WHERE code = '101'`);
  expect(kbh?.name).toBe('København');
});

describe('audit_log is append-only', () => {
  let id: string;
  beforeAll(async () => {
    const [row] = await rows<{ id: string }>(
      `INSERT INTO audit_log (actor_type, action, outcome) VALUES ('system', 'test.append_only', 'success') RETURNING id::text`,
    );
    id = row!.id;
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET action = 'tampered' WHERE id = $1`],
    ['DELETE', 'DELETE FROM audit_log WHERE id = $1'],
  ])('rejects %s', async (_verb, sql) => {
    await expect(client.query(sql, [id])).rejects.toThrow(/append-only/);
    const [row] = await rows<{ action: string }>('SELECT action FROM audit_log WHERE id = $1', [id]);
    expect(row?.action).toBe('test.append_only');
  });

  it('rejects TRUNCATE', async () => {
    await expect(client.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await rows('SELECT 1 FROM audit_log WHERE id = $1', [id])).length).toBe(1);
  });
});
