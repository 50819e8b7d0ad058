import type { EntityManager } from 'typeorm';

export interface OutboxEntry {
  queue: string;
  jobName: string;
  /** Ids only: never names, CPR numbers or amounts. */
  payload: Record<string, string>;
  /** Not before this instant (a reminder's due time); default now. */
  runAt?: Date;
}

/**
 * Records work that must follow a database change, in the change's own transaction. Nothing is enqueued inside
 * a transaction: the worker's relay moves committed rows to the queue, with the row's id as the job id, so a
 * change that rolls back never sends anything and a committed one is never lost.
 */
export async function writeOutbox(em: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
  if (!entries.length) return;
  await em.query(
    `INSERT INTO outbox (queue, job_name, payload, run_at)
     SELECT q, j, p::jsonb, r FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(q, j, p, r)`,
    [
      entries.map((e) => e.queue),
      entries.map((e) => e.jobName),
      entries.map((e) => JSON.stringify(e.payload)),
      entries.map((e) => (e.runAt ?? new Date()).toISOString()),
    ],
  );
}
