import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, ArrearsJobData, Clock, QUEUES, QueueFactory, QueueHost, startQueueHost } from '@forebyg/core';
import { todayInCopenhagen } from '@forebyg/domain';
import { SnapshotApplier } from './snapshot-applier.js';
import { SnapshotStager } from './snapshot-stager.js';

interface ImportRow {
  id: string;
  organisation_id: string;
  format: 'csv' | 'json';
  source: string | null;
  as_of: string | null;
  requested_departments: string[] | null;
  allowed_department_ids: string[] | null;
  status: string;
  replay_of: string | null;
  size_bytes: number;
  /** When the stored file (the original's, for a replay) was deleted after the retention period. */
  upload_purged_at: Date | null;
}

/** Imports whose stored files are deleted per transaction of the retention purge (up to 1,024 chunks each). */
const PURGE_BATCH = 10;

/**
 * The worker side of the arrears import: streams the stored upload through the parser, protects CPR numbers
 * (blind index always; encryption only for persons not yet known), COPYs the valid rows into the staging
 * table (SnapshotStager), then applies the snapshot (SnapshotApplier) in one transaction that also marks the
 * import done, so a crash at any point leaves the previous state and a retry applies the snapshot exactly once.
 * Daily, it deletes the stored files of imports finished more than ARREARS_UPLOAD_RETENTION_DAYS ago.
 */
@Injectable()
export class ArrearsImportProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ArrearsImportProcessor.name);
  private host?: QueueHost<ArrearsJobData>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly stager: SnapshotStager,
    private readonly applier: SnapshotApplier,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const def = QUEUES.arrears;
    this.host = await startQueueHost<ArrearsJobData>(this.queues, this.config, this.logger, {
      queue: def,
      process: (job) => this.process(job),
      concurrency: 1,
      schedules: [
        { id: 'arrears-reconcile', repeat: { every: 60_000 }, job: { name: def.jobs.reconcile } },
        { id: 'arrears-purge-uploads', repeat: { pattern: '40 3 * * *', tz: 'Europe/Copenhagen' }, job: { name: def.jobs.purgeUploads } },
      ],
      onFailed: (job, err) => {
        if (job && job.name === def.jobs.process && job.attemptsMade >= (job.opts.attempts ?? 1) && job.data.importId) {
          void this.markFailed(job.data.importId, `processing failed: ${err.message}`.slice(0, 500));
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }

  isRunning(): boolean {
    return this.host?.isRunning() ?? false;
  }

  async process(job: Job<ArrearsJobData>): Promise<Record<string, unknown>> {
    if (job.name === QUEUES.arrears.jobs.reconcile) return { enqueued: await this.reconcile() };
    if (job.name === QUEUES.arrears.jobs.purgeUploads) return this.purgeUploads();
    if (!job.data.importId) throw new Error('arrears.process without importId');
    return this.processImport(job.data.importId);
  }

  /** Imports received but not done, with no job waiting for them (the api could not reach the queue): enqueue. */
  async reconcile(): Promise<number> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM arrears_import WHERE status IN ('received', 'validating', 'applying') AND created_at < now() - interval '1 minute' ORDER BY created_at LIMIT 100`,
    );
    let enqueued = 0;
    for (const { id } of rows) {
      const existing = await this.host!.queue.getJob(id);
      const state = existing ? await existing.getState() : null;
      if (state && state !== 'completed' && state !== 'failed') continue;
      if (existing) await existing.remove().catch(() => undefined);
      await this.host!.queue.add(QUEUES.arrears.jobs.process, { importId: id }, { jobId: id });
      enqueued++;
    }
    return enqueued;
  }

  /**
   * The retention purge: deletes the stored files (`arrears_upload_chunk`) of imports `done` or `failed` more than
   * ARREARS_UPLOAD_RETENTION_DAYS ago and sets their `upload_purged_at`; the import rows, their rejected rows and
   * the history stay. A replay reads its original's file, so only originals are purged, never one with a replay in
   * progress, and a replay locks the original while it is created (see ArrearsImportService.replay): a few imports
   * per short transaction, the candidates locked with SKIP LOCKED and re-checked once locked.
   */
  async purgeUploads(): Promise<{ imports: number; chunks: number }> {
    const total = { imports: 0, chunks: 0 };
    for (;;) {
      const batch = await this.ds.transaction(async (em) => {
        const due: { id: string }[] = await em.query(
          `SELECT i.id FROM arrears_import i
            WHERE i.replay_of IS NULL AND i.upload_purged_at IS NULL AND i.status IN ('done', 'failed')
              AND COALESCE(i.finished_at, i.created_at) < now() - make_interval(days => $1)
              AND NOT EXISTS (SELECT 1 FROM arrears_import r WHERE r.replay_of = i.id AND r.status NOT IN ('done', 'failed'))
            ORDER BY COALESCE(i.finished_at, i.created_at) LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [this.config.ARREARS_UPLOAD_RETENTION_DAYS, PURGE_BATCH],
        );
        if (!due.length) return null;
        // A new statement sees a replay committed while the candidates were being locked.
        const [counts] = await em.query(
          `WITH marked AS (
             UPDATE arrears_import i SET upload_purged_at = now()
              WHERE i.id = ANY($1::uuid[])
                AND NOT EXISTS (SELECT 1 FROM arrears_import r WHERE r.replay_of = i.id AND r.status NOT IN ('done', 'failed'))
             RETURNING i.id),
           gone AS (DELETE FROM arrears_upload_chunk c USING marked m WHERE c.import_id = m.id RETURNING 1)
           SELECT (SELECT count(*) FROM marked)::int AS imports, (SELECT count(*) FROM gone)::int AS chunks`,
          [due.map((d) => d.id)],
        );
        return counts as { imports: number; chunks: number };
      });
      if (!batch?.imports) break;
      total.imports += batch.imports;
      total.chunks += batch.chunks;
    }
    this.logger.log(
      { ...total, retentionDays: this.config.ARREARS_UPLOAD_RETENTION_DAYS },
      'arrears uploads purged after the retention period',
    );
    return total;
  }

  private pool(): pg.Pool {
    return (this.ds.driver as unknown as { master: pg.Pool }).master;
  }

  async processImport(importId: string): Promise<Record<string, unknown>> {
    const client = await this.pool().connect();
    const lockKey = `arrears-import:${importId}`;
    try {
      const { rows: lock } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockKey]);
      if (!lock[0].ok) throw new Error('the import is being processed by another worker');
      try {
        return await this.processLocked(client, importId);
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      }
    } finally {
      client.release();
    }
  }

  private async processLocked(client: pg.PoolClient, importId: string): Promise<Record<string, unknown>> {
    const [imp]: ImportRow[] = await this.ds.query(
      `SELECT id, organisation_id, format, source, to_char(as_of, 'YYYY-MM-DD') AS as_of, requested_departments, allowed_department_ids,
              status, replay_of, size_bytes::float8 AS size_bytes,
              (SELECT u.upload_purged_at FROM arrears_import u WHERE u.id = COALESCE(i.replay_of, i.id)) AS upload_purged_at
         FROM arrears_import i WHERE id = $1`,
      [importId],
    );
    if (!imp) return { skipped: 'unknown import' };
    if (imp.status === 'done' || imp.status === 'failed') return { skipped: imp.status };
    if (imp.upload_purged_at) {
      // The file this import would read is gone (a replay that lost a race with the retention purge): nothing to retry.
      await this.markFailed(importId, 'upload_purged');
      return { failed: 'upload_purged' };
    }
    await this.ds.query(
      `UPDATE arrears_import SET status = 'validating', attempts = attempts + 1, started_at = COALESCE(started_at, now()),
              rows_read = 0, rows_rejected = 0, failure_reason = NULL WHERE id = $1`,
      [importId],
    );
    await this.ds.query('DELETE FROM arrears_staging WHERE import_id = $1', [importId]);
    await this.ds.query('DELETE FROM arrears_import_error WHERE import_id = $1', [importId]);

    const staged = await this.stager.stage(client, imp);
    if (staged.fatal) {
      await this.ds.query(
        `UPDATE arrears_import SET status = 'failed', failure_reason = $2, rows_read = $3, rows_rejected = $4, unknown_columns = $5,
                finished_at = now() WHERE id = $1`,
        [importId, staged.fatal.detail ? `${staged.fatal.reason}: ${staged.fatal.detail}` : staged.fatal.reason, staged.rowsRead, staged.rowsRejected, staged.unknownColumns],
      );
      await this.ds.query('DELETE FROM arrears_staging WHERE import_id = $1', [importId]);
      return { failed: staged.fatal.reason };
    }
    const today = todayInCopenhagen(this.clock.now());
    const metaAsOf = staged.meta.asOf && /^\d{4}-\d{2}-\d{2}$/.test(staged.meta.asOf) && staged.meta.asOf <= today ? staged.meta.asOf : null;
    const asOf = imp.as_of ?? metaAsOf ?? today;
    const source = imp.source ?? staged.meta.source?.slice(0, 100) ?? null;
    const requested = imp.requested_departments ?? (staged.meta.departments?.length ? staged.meta.departments.map(String).slice(0, 1000) : null);
    await this.ds.query(
      `UPDATE arrears_import SET status = 'applying', as_of = $2, source = $3, requested_departments = $4, rows_read = $5,
              unknown_columns = $6 WHERE id = $1`,
      [importId, asOf, source, requested, staged.rowsRead, staged.unknownColumns],
    );

    const result = await this.ds.transaction(async (em) => {
      // One snapshot of an organisation at a time, so two never interleave their department states.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`arrears-apply:${imp.organisation_id}`]);
      const [current] = await em.query('SELECT status FROM arrears_import WHERE id = $1 FOR UPDATE', [importId]);
      if (current.status === 'done') return null;
      const r = await this.applier.apply(em, {
        importId,
        organisationId: imp.organisation_id,
        asOf,
        requestedDepartments: requested,
        allowedDepartmentIds: imp.allowed_department_ids,
      });
      await em.query(
        `UPDATE arrears_import SET status = 'done', outcome = $2, rows_applied = $3, rows_rejected = $4, cases_opened = $5,
                cases_updated = $6, cases_cleared = $7, cases_closed = $8, covered_department_ids = $9, finished_at = now()
          WHERE id = $1`,
        [importId, r.outcome, r.rowsApplied, r.rowsRejected, r.casesOpened, r.casesUpdated, r.casesCleared, r.casesClosed, r.coveredDepartmentIds],
      );
      return r;
    });
    await this.ds.query('DELETE FROM arrears_staging WHERE import_id = $1', [importId]);
    this.logger.log({ importId, ...(result ?? { skipped: 'already done' }) }, 'arrears import processed');
    return { ...(result ?? { skipped: 'done' }) };
  }

  private async markFailed(importId: string, reason: string): Promise<void> {
    await this.ds
      .query(`UPDATE arrears_import SET status = 'failed', failure_reason = $2, finished_at = now() WHERE id = $1 AND status <> 'done'`, [importId, reason])
      .catch((err) => this.logger.error({ importId, err: (err as Error).message }, 'could not mark import failed'));
  }
}
