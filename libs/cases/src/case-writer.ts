import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, RequestContext } from '@forebyg/core';
import { AuditService, type AuditAction } from '@forebyg/audit';
import { eventActorOf, recordCaseEvent, type CaseEventKind } from './case-events.js';
import { CaseRefresher } from './case-refresher.js';
import { CaseRepository, type CaseRow } from './case.repository.js';
import { CaseViews, type CaseDetail } from './case-views.js';

export interface ChangeOptions {
  /** The case version the change is based on; a different current version is a 409 with the case as it is. */
  version?: number;
  /** Closed cases refuse changes unless this is set (reopen, notes). */
  allowClosed?: boolean;
  audit: AuditAction;
  context: RequestContext;
  details?: Record<string, unknown>;
}

export interface ChangeScope {
  em: EntityManager;
  row: CaseRow;
  /** Appends a timeline event as the acting user. */
  event: (kind: CaseEventKind, data?: Record<string, unknown>) => Promise<void>;
}

/**
 * The one way a case changes: in a transaction, with the case row locked, its version and status checked,
 * then the facts and the assessment refreshed, the change audited against the tenant, and the whole case
 * returned as it now is. Nothing half-written survives an error.
 */
@Injectable()
export class CaseWriter {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly refresher: CaseRefresher,
    private readonly views: CaseViews,
    private readonly audit: AuditService,
  ) {}

  today(): string {
    return this.refresher.today();
  }

  async change(actor: Actor, caseId: string, opts: ChangeOptions, fn: (scope: ChangeScope) => Promise<void>): Promise<CaseDetail> {
    return this.ds.transaction(async (em) => {
      const row = await this.cases.lock(em, actor, caseId);
      if (!row) throw DomainError.notFound('Case');
      if (opts.version !== undefined && row.version !== opts.version) {
        throw new DomainError(ErrorCode.VersionConflict, 'The case was changed by someone else since you opened it', {
          currentVersion: row.version,
          current: await this.views.detail(em, actor, caseId, this.today()),
        });
      }
      if (row.status === 'closed' && !opts.allowClosed) {
        throw DomainError.conflict('The case is closed; reopen it first', { reason: 'case_closed' });
      }
      const who = eventActorOf(actor);
      await fn({ em, row, event: (kind, data) => recordCaseEvent(em, caseId, who, kind, data) });
      await this.refresher.refresh(em, caseId, who);
      await this.audit.record(
        {
          action: opts.audit,
          actor,
          personId: await this.primaryTenantId(em, row.tenancyId),
          entityType: 'case',
          entityId: caseId,
          context: opts.context,
          details: opts.details,
        },
        em,
      );
      return this.views.detail(em, actor, caseId, this.today());
    });
  }

  /** A part (task, budget line...) with its own version: 404 when it is not on this case, 409 when stale. */
  async lockPart<T extends { version: number }>(
    em: EntityManager,
    table: 'case_task' | 'budget_line' | 'case_debt' | 'case_application' | 'payment_agreement',
    partId: string,
    caseId: string,
    version: number,
    what: string,
  ): Promise<T> {
    const rows = await em.query(`SELECT * FROM ${table} WHERE id = $1 AND case_id = $2 FOR UPDATE`, [partId, caseId]);
    const part = rows[0] as T | undefined;
    if (!part) throw DomainError.notFound(what);
    if (part.version !== version) {
      throw new DomainError(ErrorCode.VersionConflict, `The ${what.toLowerCase()} was changed by someone else since you opened it`, {
        currentVersion: part.version,
        current: camelize(part as unknown as Record<string, unknown>),
      });
    }
    return part;
  }

  async primaryTenantId(em: EntityManager, tenancyId: string): Promise<string | null> {
    const rows = await em.query(
      `SELECT person_id FROM household_member WHERE tenancy_id = $1 AND (until IS NULL OR until >= current_date)
        ORDER BY (role = 'tenant') DESC, since NULLS LAST, person_id LIMIT 1`,
      [tenancyId],
    );
    return rows[0]?.person_id ?? null;
  }
}

/** snake_case row → camelCase object, for returning a part's current state in a 409. */
export function camelize(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), typeof v === 'string' && /^-?\d+$/.test(v) && k.endsWith('_ore') ? Number(v) : v]),
  );
}
