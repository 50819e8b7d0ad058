import pg from 'pg';

/** One clear line instead of a stack trace when a configured server cannot be reached. */
export async function checkPostgres(url: string, variable = 'DATABASE_URL'): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    const host = safeHost(url);
    return `Cannot reach PostgreSQL at ${host} (${variable}): ${(err as Error).message || (err as { code?: string }).code}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '(default port)'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
