import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  Actor,
  APP_CONFIG,
  AppConfig,
  ArrearsJobData,
  DomainError,
  ErrorCode,
  Page,
  pageRequest,
  PageQueryDto,
  QUEUES,
  QueueFactory,
  RequestContext,
} from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { isIsoDate, todayInCopenhagen } from '@forebyg/domain';
import { UploadCipher } from './upload-cipher.js';

export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

export interface ReceiveInput {
  format: 'csv' | 'json';
  body: AsyncIterable<Buffer | Uint8Array | string>;
  contentType: string | null;
  asOf?: string;
  source?: string;
  departments?: string;
  idempotencyKey?: string;
}

export interface ImportView {
  id: string;
  format: string;
  source: string | null;
  asOf: string | null;
  status: string;
  outcome: string | null;
  failureReason: string | null;
  sizeBytes: number;
  checksum: string | null;
  rowsRead: number;
  rowsRejected: number;
  rowsApplied: number;
  casesOpened: number;
  casesUpdated: number;
  casesCleared: number;
  casesClosed: number;
  unknownColumns: string[];
  departments: { id: string; code: string }[];
  uploadedBy: { type: string; label: string | null };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  replayOf: string | null;
  /** When the stored file (a replay's: its original's) was deleted after ARREARS_UPLOAD_RETENTION_DAYS; it cannot be replayed then. */
  uploadPurgedAt: string | null;
}

const VIEW_SELECT = `
  SELECT i.id, i.format, i.source, to_char(i.as_of, 'YYYY-MM-DD') AS "asOf", i.status, i.outcome, i.failure_reason AS "failureReason",
         i.size_bytes::float8 AS "sizeBytes", i.checksum, i.rows_read AS "rowsRead", i.rows_rejected AS "rowsRejected",
         i.rows_applied AS "rowsApplied", i.cases_opened AS "casesOpened", i.cases_updated AS "casesUpdated",
         i.cases_cleared AS "casesCleared", i.cases_closed AS "casesClosed", i.unknown_columns AS "unknownColumns",
         COALESCE((SELECT json_agg(json_build_object('id', d.id, 'code', d.code) ORDER BY d.code) FROM department d
                    WHERE d.id = ANY(i.covered_department_ids)), '[]') AS departments,
         json_build_object('type', i.actor_type, 'label', i.actor_label) AS "uploadedBy",
         i.created_at AS "createdAt", i.started_at AS "startedAt", i.finished_at AS "finishedAt", i.replay_of AS "replayOf",
         (SELECT u.upload_purged_at FROM arrears_import u WHERE u.id = COALESCE(i.replay_of, i.id)) AS "uploadPurgedAt"
    FROM arrears_import i`;

/**
 * Receiving snapshots: the body is streamed into the database in 1 MiB pieces, each encrypted (UploadCipher), while
 * the SHA-256 of the plaintext is computed, in one transaction, so an upload either exists completely or not at all.
 * The same content again (or the same Idempotency-Key) answers with the first import. The work itself is the
 * worker's: the api only enqueues its id.
 */
@Injectable()
export class ArrearsImportService {
  private readonly logger = new Logger(ArrearsImportService.name);
  private queue?: Queue<ArrearsJobData>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueFactory,
    private readonly audit: AuditService,
    private readonly uploadCipher: UploadCipher,
  ) {}

  private getQueue(): Queue<ArrearsJobData> {
    this.queue ??= this.queues.createQueue<ArrearsJobData>(QUEUES.arrears.name, QUEUES.arrears.defaultJobOptions);
    return this.queue;
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }

  private validateParams(input: ReceiveInput): { asOf: string | null; source: string | null; departments: string[] | null } {
    const errors: { field: string; reason: string; message: string }[] = [];
    let asOf: string | null = null;
    if (input.asOf !== undefined && input.asOf !== '') {
      if (!isIsoDate(input.asOf)) errors.push({ field: 'asOf', reason: 'invalid_date', message: 'asOf must be a date YYYY-MM-DD' });
      else if (input.asOf > todayInCopenhagen()) errors.push({ field: 'asOf', reason: 'in_future', message: 'asOf cannot be in the future' });
      else asOf = input.asOf;
    }
    const source = input.source?.trim() || null;
    if (source && source.length > 100) errors.push({ field: 'source', reason: 'too_long', message: 'source is at most 100 characters' });
    let departments: string[] | null = null;
    if (input.departments !== undefined && input.departments !== '') {
      departments = [...new Set(input.departments.split(',').map((d) => d.trim()).filter(Boolean))];
      if (departments.length > 1000 || departments.some((d) => d.length > 50)) {
        errors.push({ field: 'departments', reason: 'invalid', message: 'departments is a comma-separated list of department codes' });
      }
    }
    if (input.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey)) {
      errors.push({ field: 'Idempotency-Key', reason: 'invalid', message: 'Idempotency-Key is 1-200 visible ASCII characters' });
    }
    if (errors.length) throw DomainError.validation(errors);
    return { asOf, source, departments };
  }

  async receive(actor: Actor, input: ReceiveInput, ctx: RequestContext): Promise<{ id: string; status: string; duplicate: boolean }> {
    const params = this.validateParams(input);
    if (input.idempotencyKey) {
      const existing = await this.ds.query('SELECT id, status FROM arrears_import WHERE organisation_id = $1 AND idempotency_key = $2', [
        actor.organisationId,
        input.idempotencyKey,
      ]);
      if (existing[0]) {
        await drain(input.body);
        return { id: existing[0].id, status: existing[0].status, duplicate: true };
      }
    }
    const maxBytes = this.config.ARREARS_MAX_UPLOAD_MB * 1024 * 1024;
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    let outcome: { id: string; status: string; duplicate: boolean };
    // One chunk is stored while the next is read: its encryption and INSERT run alongside the request body's arrival
    // instead of holding it up.
    let storing = null as Promise<unknown> | null;
    try {
      await qr.startTransaction();
      const [row] = await qr.query(
        `INSERT INTO arrears_import (organisation_id, format, source, as_of, requested_departments, allowed_department_ids, content_type,
                                     idempotency_key, actor_type, actor_id, actor_label)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          actor.organisationId,
          input.format,
          params.source,
          params.asOf,
          params.departments,
          actor.departmentIds === 'all' ? null : actor.departmentIds,
          input.contentType?.slice(0, 200) ?? null,
          input.idempotencyKey ?? null,
          actor.kind,
          actor.id,
          actor.label,
        ],
      );
      const id: string = row.id;
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const n = seq++;
        const sealed = this.uploadCipher.seal(id, n, Buffer.concat(pending, pendingBytes));
        pending = [];
        pendingBytes = 0;
        if (storing) await storing;
        storing = qr.query('INSERT INTO arrears_upload_chunk (import_id, seq, key_id, data) VALUES ($1, $2, $3, $4)', [
          id,
          n,
          sealed.keyId,
          sealed.data,
        ]);
        storing.catch(() => undefined);
      };
      for await (const piece of input.body) {
        const buf = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        size += buf.length;
        if (size > maxBytes) {
          throw new DomainError(ErrorCode.PayloadTooLarge, `The upload is larger than ${this.config.ARREARS_MAX_UPLOAD_MB} MiB`);
        }
        hash.update(buf);
        let offset = 0;
        while (offset < buf.length) {
          const take = Math.min(UPLOAD_CHUNK_BYTES - pendingBytes, buf.length - offset);
          pending.push(buf.subarray(offset, offset + take));
          pendingBytes += take;
          offset += take;
          if (pendingBytes === UPLOAD_CHUNK_BYTES) await flush();
        }
      }
      await flush();
      if (storing) await storing;
      if (size === 0) throw DomainError.validation([{ field: 'file', reason: 'empty_file', message: 'The upload is empty' }]);
      const checksum = hash.digest('hex');
      const dup = await qr.query('SELECT id, status FROM arrears_import WHERE organisation_id = $1 AND checksum = $2 AND replay_of IS NULL', [
        actor.organisationId,
        checksum,
      ]);
      if (dup[0]) {
        await qr.rollbackTransaction();
        return { id: dup[0].id, status: dup[0].status, duplicate: true };
      }
      await qr.query('UPDATE arrears_import SET checksum = $2, size_bytes = $3 WHERE id = $1', [id, checksum, size]);
      await this.audit.record(
        {
          action: 'arrears.import_received',
          actor,
          entityType: 'arrears_import',
          entityId: id,
          context: ctx,
          details: { format: input.format, sizeBytes: size, checksum },
        },
        qr.manager,
      );
      await qr.commitTransaction();
      outcome = { id, status: 'received', duplicate: false };
    } catch (e) {
      if (storing) await storing.catch(() => undefined);
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if ((e as { code?: string }).code === '23505') {
        // Someone uploaded the same content (or key) at the same moment: answer with theirs.
        const other = await this.ds.query(
          'SELECT id, status FROM arrears_import WHERE organisation_id = $1 AND idempotency_key = $2',
          [actor.organisationId, input.idempotencyKey ?? null],
        );
        if (other[0]) return { id: other[0].id, status: other[0].status, duplicate: true };
        throw DomainError.conflict('The same snapshot is being uploaded right now; try again in a moment');
      }
      throw e;
    } finally {
      await qr.release();
    }
    await this.enqueue(outcome.id);
    return outcome;
  }

  /** Enqueues processing; the import's id is the job id, so a second enqueue of the same import is a no-op. */
  async enqueue(importId: string): Promise<void> {
    try {
      await this.getQueue().add(QUEUES.arrears.jobs.process, { importId }, { jobId: importId });
    } catch (err) {
      // The upload is safe in the database; the worker's reconciler enqueues it when the queue is back.
      this.logger.warn({ importId, err: (err as Error).message }, 'could not enqueue arrears import; the reconciler will');
    }
  }

  async replay(actor: Actor, id: string, ctx: RequestContext): Promise<{ id: string; status: string; duplicate: boolean }> {
    const original = await this.find(actor, id);
    if (original.status !== 'done' && original.status !== 'failed') {
      throw DomainError.conflict('The import is still being processed', { reason: 'import_in_progress' });
    }
    const [row] = await this.ds.transaction(async (em) => {
      // The import that holds the file, locked against the retention purge until this replay is committed (the purge
      // skips locked imports and those with a replay in progress; one that purged first is seen here).
      const [owner] = await em.query('SELECT upload_purged_at FROM arrears_import WHERE id = $1 FOR SHARE', [original.replayOf ?? id]);
      if (owner?.upload_purged_at) throw uploadPurged(owner.upload_purged_at);
      const created = await em.query(
        `INSERT INTO arrears_import (organisation_id, format, source, as_of, requested_departments, allowed_department_ids, checksum, size_bytes,
                                     content_type, actor_type, actor_id, actor_label, replay_of)
         SELECT organisation_id, format, source, as_of, requested_departments, allowed_department_ids, checksum, size_bytes, content_type,
                $2, $3, $4, COALESCE(replay_of, id)
           FROM arrears_import WHERE id = $1 RETURNING id`,
        [id, actor.kind, actor.id, actor.label],
      );
      await this.audit.record(
        { action: 'arrears.import_replayed', actor, entityType: 'arrears_import', entityId: created[0].id, context: ctx, details: { replayOf: id } },
        em,
      );
      return created;
    });
    await this.enqueue(row.id);
    return { id: row.id, status: 'received', duplicate: false };
  }

  /** Imports visible to the actor: an admin sees the organisation's; others those they uploaded or of their departments only. */
  private scopeSql(actor: Actor, params: unknown[]): string {
    params.push(actor.organisationId);
    const org = `i.organisation_id = $${params.length}`;
    if (actor.departmentIds === 'all') return org;
    params.push(actor.id, actor.departmentIds);
    // Their own uploads, uploads bound to their departments, and applied snapshots that covered only their departments.
    return `${org} AND (i.actor_id = $${params.length - 1} OR i.allowed_department_ids <@ $${params.length}::uuid[]
                        OR (cardinality(i.covered_department_ids) > 0 AND i.covered_department_ids <@ $${params.length}::uuid[]))`;
  }

  async find(actor: Actor, id: string): Promise<ImportView> {
    const params: unknown[] = [id];
    const rows = await this.ds.query(`${VIEW_SELECT} WHERE i.id = $1 AND ${this.scopeSql(actor, params)}`, params);
    if (!rows[0]) throw DomainError.notFound('Import');
    return toView(rows[0]);
  }

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ImportView>> {
    const req = pageRequest(query, { createdAt: 'i.created_at', asOf: 'i.as_of', status: 'i.status' }, '-createdAt');
    const params: unknown[] = [];
    const where = this.scopeSql(actor, params);
    const [rows, count] = await Promise.all([
      this.ds.query(
        `${VIEW_SELECT} WHERE ${where} ORDER BY ${req.orderBy.map((o) => `${o.column} ${o.direction}`).join(', ')}, i.id LIMIT ${req.pageSize} OFFSET ${req.offset}`,
        params,
      ),
      this.ds.query(`SELECT count(*)::int AS n FROM arrears_import i WHERE ${where}`, params),
    ]);
    return { items: rows.map(toView), page: req.page, pageSize: req.pageSize, total: count[0].n };
  }

  async errors(actor: Actor, id: string, query: PageQueryDto): Promise<Page<{ line: number | null; column: string | null; reason: string; detail: string | null }>> {
    await this.find(actor, id);
    const req = pageRequest(query, { line: 'line' }, 'line');
    const [rows, count] = await Promise.all([
      this.ds.query(
        `SELECT line, column_name AS "column", reason, detail FROM arrears_import_error WHERE import_id = $1
          ORDER BY line ${req.orderBy[0].direction} NULLS FIRST, id LIMIT ${req.pageSize} OFFSET ${req.offset}`,
        [id],
      ),
      this.ds.query('SELECT count(*)::int AS n FROM arrears_import_error WHERE import_id = $1', [id]),
    ]);
    return { items: rows, page: req.page, pageSize: req.pageSize, total: count[0].n };
  }

  /** Every rejected row, for the downloadable error report. */
  async *errorReport(actor: Actor, id: string): AsyncGenerator<{ line: number | null; column: string | null; reason: string; detail: string | null }[]> {
    await this.find(actor, id);
    let after = 0;
    for (;;) {
      const rows = await this.ds.query(
        `SELECT id::float8 AS id, line, column_name AS "column", reason, detail FROM arrears_import_error
          WHERE import_id = $1 AND id > $2 ORDER BY id LIMIT 5000`,
        [id, after],
      );
      if (!rows.length) return;
      after = rows[rows.length - 1].id;
      yield rows.map(({ id: _id, ...r }: { id: number; line: number | null; column: string | null; reason: string; detail: string | null }) => r);
    }
  }
}

function uploadPurged(at: Date | string): DomainError {
  const day = todayInCopenhagen(new Date(at));
  return DomainError.conflict(`The uploaded file was deleted on ${day} after the retention period, so the import cannot be replayed`, {
    reason: 'upload_purged',
  });
}

async function drain(body: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of body) {
    // discard
  }
}

function toView(r: Record<string, unknown>): ImportView {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    ...(r as unknown as ImportView),
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    uploadPurgedAt: iso(r.uploadPurgedAt),
  };
}
