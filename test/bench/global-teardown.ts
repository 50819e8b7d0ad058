import type { EmbeddedPostgresHandle } from '@forebyg/embedded';

export default async function benchGlobalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__FOREBYG_BENCH_PG__ as EmbeddedPostgresHandle | undefined;
  if (handle) await handle.stop();
}
