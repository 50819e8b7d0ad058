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

/** The same for Redis (REDIS_URL). */
export async function checkRedis(url: string, variable = 'REDIS_URL'): Promise<string | null> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return `Cannot reach Redis at ${safeHost(url)} (${variable}): ${(err as Error).message}`;
  } finally {
    redis.disconnect();
  }
}

/** Checks the configured servers; returns one line per unreachable one. */
export async function checkServers(config: { DATABASE_URL?: string; REDIS_URL?: string }): Promise<string[]> {
  const problems = await Promise.all([
    config.DATABASE_URL ? checkPostgres(config.DATABASE_URL) : null,
    config.REDIS_URL ? checkRedis(config.REDIS_URL) : null,
  ]);
  return problems.filter((p): p is string => p !== null);
}
