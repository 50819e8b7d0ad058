import './resolve-hook.cjs';
import pg from 'pg';
import type { EmbeddedPostgresHandle } from '@forebyg/embedded';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.FOREBYG_TEST_ADMIN_URL;
  const template = process.env.FOREBYG_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  const handle = (globalThis as Record<string, unknown>).__FOREBYG_PG__ as EmbeddedPostgresHandle | undefined;
  if (handle) await handle.stop();
}
