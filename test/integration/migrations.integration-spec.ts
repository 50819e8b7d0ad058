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

describe('the upload encryption migration', () => {
  const encryptionIndex = names.indexOf('UploadEncryption1795300000010');
  const after = names.length - encryptionIndex - 1;
  let org: string;
  const importRow = async (status: string, size: number) =>
    (
      await rows<{ id: string }>(
        `INSERT INTO arrears_import (organisation_id, format, actor_type, status, size_bytes) VALUES ($1, 'csv', 'system', $2, $3) RETURNING id`,
        [org, status, size],
      )
    )[0]!.id;

  beforeAll(async () => {
    [{ id: org }] = await rows<{ id: string }>(`INSERT INTO organisation (name) VALUES ('Migration test') RETURNING id`);
  });

  it('marks imports whose chunks were deleted by hand as purged, and only those', async () => {
    if (after) await revertMigrations(db.url, MIGRATIONS, after);
    await revertMigrations(db.url, MIGRATIONS, 1);
    const deletedByHand = await importRow('done', 100);
    const kept = await importRow('done', 3);
    const pending = await importRow('received', 100);
    await client.query(`INSERT INTO arrears_upload_chunk (import_id, seq, data) VALUES ($1, 0, 'a;b')`, [kept]);
    await runMigrations(db.url, MIGRATIONS);
    const purged = await rows<{ id: string; purged: boolean }>(
      'SELECT id, upload_purged_at IS NOT NULL AS purged FROM arrears_import WHERE id = ANY($1)',
      [[deletedByHand, kept, pending]],
    );
    expect(Object.fromEntries(purged.map((r) => [r.id, r.purged]))).toEqual({ [deletedByHand]: true, [kept]: false, [pending]: false });
    expect(await rows('SELECT key_id FROM arrears_upload_chunk WHERE import_id = $1', [kept])).toEqual([{ key_id: null }]);
  });

  it('refuses to revert while encrypted chunks exist, and reverts once they are gone', async () => {
    const id = await importRow('done', 40);
    await client.query(`INSERT INTO arrears_upload_chunk (import_id, seq, key_id, data) VALUES ($1, 0, 'k1', '\\x00')`, [id]);
    if (after) await revertMigrations(db.url, MIGRATIONS, after);
    await expect(revertMigrations(db.url, MIGRATIONS, 1)).rejects.toThrow(/encrypted/);
    expect(await appliedMigrations()).toEqual(names.slice(0, encryptionIndex + 1));
    await client.query('DELETE FROM arrears_upload_chunk WHERE key_id IS NOT NULL');
    await revertMigrations(db.url, MIGRATIONS, 1);
    expect(await appliedMigrations()).toEqual(names.slice(0, encryptionIndex));
    await runMigrations(db.url, MIGRATIONS);
    expect(await schemaFingerprint()).toEqual(firstUp);
  });
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
