import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES, QueueFactory } from '@forebyg/core';

/** Rows due within this window are handed to the queue (as delayed jobs); later ones wait in PostgreSQL. */
const LOOKAHEAD_MS = 60_000;
const BATCH = 500;

/**
 * Moves committed outbox rows to BullMQ, the row's id as the job id, so a row relayed twice (the relay died
 * between enqueueing and marking) is still one job. Rows are claimed with SKIP LOCKED, so several workers relay
 * side by side. Far-future rows stay in PostgreSQL until shortly before they are due: a Redis that loses its
 * data loses at most the last minute's delayed jobs, which the reconcilers find again.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues = new Map<string, Queue>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly factory: QueueFactory,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  isRunning(): boolean {
    return !this.stopped;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then((n) => this.schedule(n === BATCH ? 0 : 1000))
        .catch((err) => {
          this.logger.warn({ err: (err as Error).message }, 'outbox relay failed; retrying');
          this.schedule(5000);
        });
    }, ms);
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      // Jobs take the retry, backoff and retention options declared for their queue.
      const def = Object.values(QUEUES).find((d) => d.name === name);
      q = this.factory.createQueue(name, def?.defaultJobOptions ?? {});
      this.queues.set(name, q);
    }
    return q;
  }

  /** Relays one batch; returns how many rows it moved. */
  async relayOnce(): Promise<number> {
    return this.ds.transaction(async (em) => {
      const rows: { id: string; queue: string; jobName: string; payload: Record<string, string>; runAt: Date }[] = await em.query(
        // Due first; `outbox.id`, not the text `id` of the select list (that sorted '10' before '9'). The partial index
        // on (run_at, id) finds the few rows due among the many reminders far ahead without reading those.
        `SELECT id::text, queue, job_name AS "jobName", payload, run_at AS "runAt" FROM outbox
          WHERE relayed_at IS NULL AND run_at <= now() + make_interval(secs => $1) ORDER BY outbox.run_at, outbox.id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [LOOKAHEAD_MS / 1000, BATCH],
      );
      if (!rows.length) return 0;
      const now = Date.now();
      for (const row of rows) {
        await this.queue(row.queue).add(row.jobName, row.payload, {
          jobId: `outbox-${row.id}`,
          delay: Math.max(0, new Date(row.runAt).getTime() - now),
        });
      }
      await em.query('UPDATE outbox SET relayed_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
