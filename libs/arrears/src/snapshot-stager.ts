import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { CprVault } from '@forebyg/tenancies';
import { readArrearsCsv, readArrearsJson, type ArrearsRow, type CsvItem, type JsonItem, type RowError } from './parse/index.js';
import { UploadCipher, UploadUnreadableError } from './upload-cipher.js';
import { readUpload } from './upload-reader.js';

const STAGING_COLUMNS = `import_id, line, tenancy_number, department_code, address, unit, postal_code, tenant_names, cpr_encrypted,
  cpr_key_id, cpr_blind_index, phone, email, monthly_rent_ore, arrears_ore, oldest_due_date, demand_sent_date, termination_date,
  court_filed_date, eviction_date, children, payment_agreement`;

/**
 * Rows per lookup of blind indexes. Small, so that a batch's rows are garbage before the young generation is
 * collected twice: rows that live longer are promoted, and old-generation garbage is what makes the heap grow
 * (to about four times its live size) between full collections.
 */
const ROW_BATCH = 500;
const ERROR_BATCH = 1000;
const PROGRESS_EVERY = 10_000;
/** Characters per write to the COPY stream. */
const PIECE = 60_000;

/**
 * A CSV field for COPY ... (FORMAT csv): null is an unquoted empty field, text is always quoted. Almost no value
 * holds a quote or a NUL, so those are looked for before anything is replaced (a million rows have 15 million fields).
 */
function q(value: string | null): string {
  if (value === null) return '';
  if (value.indexOf('"') === -1 && value.indexOf('\0') === -1) return `"${value}"`;
  return `"${value.replace(/\0/g, '').replace(/"/g, '""')}"`;
}

/**
 * A PostgreSQL text[] literal as a CSV field for COPY, written directly (its quotes already doubled for CSV), so it
 * does not take q()'s slow path on every row; no values is null.
 */
function qArray(values: string[]): string {
  if (!values.length) return '';
  let out = '"{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const text =
      v.indexOf('"') === -1 && v.indexOf('\\') === -1 && v.indexOf('\0') === -1
        ? v
        : v.replace(/\0/g, '').replace(/\\/g, '\\\\').replace(/"/g, '\\""');
    out += `${i ? ',' : ''}""${text}""`;
  }
  return `${out}}"`;
}

const num = (n: number | null) => (n === null ? '' : String(n));
const bool = (b: boolean | null) => (b === null ? '' : b ? 't' : 'f');

export interface StageResult {
  fatal: { reason: string; detail?: string } | null;
  rowsRead: number;
  rowsRejected: number;
  unknownColumns: string[];
  meta: { source?: string; asOf?: string; departments?: string[] };
}

/** What staging needs to know of the import. */
export interface StageImport {
  id: string;
  organisation_id: string;
  format: 'csv' | 'json';
  replay_of: string | null;
  /** The upload's size in bytes: what is read back must add up to it. */
  size_bytes: number;
}

type StageItem = CsvItem | JsonItem | { kind: 'fatal'; reason: 'upload_unreadable'; detail: string };

/**
 * The parser's items; a stored upload that cannot be read back (UploadUnreadableError: not a passing fault, so
 * not worth a retry) ends them with the fatal item `upload_unreadable`, and the import fails with its reason.
 */
async function* unreadableAsFatal(items: AsyncIterable<CsvItem | JsonItem>): AsyncGenerator<StageItem> {
  try {
    yield* items;
  } catch (err) {
    if (!(err instanceof UploadUnreadableError)) throw err;
    yield { kind: 'fatal', reason: 'upload_unreadable', detail: err.message };
  }
}

/**
 * Streams a stored upload through the parser, protects CPR numbers (blind index always; encryption only for
 * persons not yet known), and COPYs the valid rows into arrears_staging; rejected rows go to arrears_import_error.
 *
 * Three things run at once: the parser (this process's CPU), the lookup of a batch's blind indexes among the known
 * persons (a pool connection), and the COPY of the batch before it (the caller's connection). The next upload
 * chunk is fetched while the current one is parsed. At most two batches of rows are held.
 */
@Injectable()
export class SnapshotStager {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly vault: CprVault,
    private readonly uploadCipher: UploadCipher,
  ) {}

  private pool(): pg.Pool {
    return (this.ds.driver as unknown as { master: pg.Pool }).master;
  }

  async stage(client: pg.PoolClient, imp: StageImport): Promise<StageResult> {
    const lookup = await this.pool().connect();
    try {
      return await this.stageWith(client, lookup, imp);
    } finally {
      lookup.release();
    }
  }

  private async stageWith(client: pg.PoolClient, lookup: pg.PoolClient, imp: StageImport): Promise<StageResult> {
    const input = readUpload(this.pool(), imp.replay_of ?? imp.id, this.uploadCipher, imp.size_bytes);
    const items = unreadableAsFatal(imp.format === 'csv' ? readArrearsCsv(input) : readArrearsJson(input));
    const copy = client.query(copyFrom(`COPY arrears_staging (${STAGING_COLUMNS}) FROM STDIN WITH (FORMAT csv)`));
    const copyDone = finished(copy);
    copyDone.catch(() => undefined);
    const result: StageResult = { fatal: null, rowsRead: 0, rowsRejected: 0, unknownColumns: [], meta: {} };
    let rows: ArrearsRow[] = [];
    let errors: RowError[] = [];
    let nextProgress = PROGRESS_EVERY;
    /** The batch before this one: its lookup, serialisation and write to the COPY stream. */
    let written = null as Promise<void> | null;
    let progress = null as Promise<unknown> | null;
    const flushRows = async () => {
      if (!rows.length) return;
      const batch = rows;
      rows = [];
      // The lookup starts now and runs while the previous batch is written and the next one parsed.
      const text = this.serialise(lookup, imp, batch);
      text.catch(() => undefined);
      const previous = written;
      written = (async () => {
        const pieces = await text;
        if (previous) await previous;
        for (const piece of pieces) if (!copy.write(piece)) await once(copy, 'drain');
      })();
      written.catch(() => undefined);
      if (previous) await previous;
    };
    const flushErrors = async () => {
      if (!errors.length) return;
      const batch = errors;
      errors = [];
      await this.ds.query(
        `INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
         SELECT $1, line, col, reason, detail FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS u(line, col, reason, detail)`,
        [
          imp.id,
          batch.map((e) => e.line),
          batch.map((e) => e.column),
          batch.map((e) => e.reason),
          batch.map(
            (e) =>
              [e.tenancyNumber ? `lejemål ${e.tenancyNumber}` : null, e.value ?? null].filter(Boolean).join(': ').slice(0, 300) || null,
          ),
        ],
      );
    };
    try {
      for await (const item of items) {
        switch (item.kind) {
          case 'header':
            result.unknownColumns = item.unknownColumns.slice(0, 100).map((c: string) => c.slice(0, 100));
            break;
          case 'meta':
            result.meta = { ...result.meta, ...item };
            break;
          case 'row':
            result.rowsRead++;
            rows.push(item.row);
            if (rows.length >= ROW_BATCH) await flushRows();
            break;
          case 'rejected': {
            result.rowsRead++;
            result.rowsRejected++;
            errors.push(...item.errors);
            if (errors.length >= ERROR_BATCH) await flushErrors();
            break;
          }
          case 'fatal':
            result.fatal = {
              reason: item.reason,
              detail:
                'detail' in item && item.detail
                  ? String(item.detail)
                  : 'missing' in item && item.missing
                    ? item.missing.join(', ')
                    : undefined,
            };
            break;
        }
        if (result.fatal) break;
        if (result.rowsRead >= nextProgress) {
          nextProgress += PROGRESS_EVERY;
          // Progress for the status page, one update at a time, without waiting for it.
          if (!progress) {
            progress = this.ds
              .query('UPDATE arrears_import SET rows_read = $2, rows_rejected = $3 WHERE id = $1', [
                imp.id,
                result.rowsRead,
                result.rowsRejected,
              ])
              .finally(() => (progress = null));
          }
        }
      }
      await flushRows();
      if (written) await written;
      await flushErrors();
      if (progress) await progress;
    } finally {
      copy.end();
      await copyDone;
    }
    return result;
  }

  /**
   * CSV lines for COPY, in pieces of about 64 KB (one string of a whole batch would be a large object, which only a
   * full garbage collection frees); CPR numbers leave the process only as blind index and (for new persons)
   * ciphertext.
   */
  private async serialise(lookup: pg.PoolClient, imp: StageImport, rows: ArrearsRow[]): Promise<string[]> {
    const indexes = rows.map((r) => (r.tenantCpr ? this.vault.indexOfDigits(r.tenantCpr) : null));
    const wanted = [...new Set(indexes.filter((i): i is string => i !== null))];
    const known = new Set<string>();
    if (wanted.length) {
      const { rows: found } = await lookup.query<{ i: string }>({
        name: 'arrears-stage-known-cpr',
        text: 'SELECT cpr_blind_index AS i FROM person WHERE organisation_id = $1 AND cpr_blind_index = ANY($2::text[])',
        values: [imp.organisation_id, wanted],
      });
      for (const f of found) known.add(f.i);
    }
    const pieces: string[] = [];
    let out = '';
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      const index = indexes[k] ?? null;
      const enc = r.tenantCpr && index && !known.has(index) ? this.vault.encryptDigits(r.tenantCpr) : null;
      out +=
        `${imp.id},${r.line},${q(r.tenancyNumber)},${q(r.departmentCode)},${q(r.address)},${q(r.unit)},${q(r.postalCode)},` +
        `${qArray(r.tenantNames)},${q(enc?.encrypted ?? null)},${q(enc?.keyId ?? null)},${q(index)},${q(r.phone)},${q(r.email)},` +
        `${num(r.monthlyRentOre)},${r.arrearsOre},${q(r.oldestUnpaidDueDate)},${q(r.demandSentDate)},${q(r.terminationDate)},` +
        `${q(r.courtFiledDate)},${q(r.evictionDate)},${num(r.childrenInHousehold)},${bool(r.paymentAgreement)}\n`;
      if (out.length >= PIECE) {
        pieces.push(out);
        out = '';
      }
    }
    if (out) pieces.push(out);
    return pieces;
  }
}
