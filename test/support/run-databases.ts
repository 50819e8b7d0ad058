/**
 * Databases that a test or bench run makes for itself carry the run's pid in their name, so a later run can drop
 * those of runs that were killed (test/support/global-setup.ts, test/bench/bench-setup.ts).
 */

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Whether the process that named a database is still running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
