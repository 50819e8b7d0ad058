import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, RequestContext } from '@forebyg/core';
import { AuditService, type AuditAction } from '@forebyg/audit';
import { eventActorOf, recordCaseEvent, type CaseEventKind } from './case-events.js';
import { CaseRefresher } from './case-refresher.js';
import { CaseRepository, type CaseRow } from './case.repository.js';
import { CaseViews, type CaseDetail } from './case-views.js';

/** What a user can be assigned to on a case, and the roles that may hold it. */
export type AssigneeSlot = 'counsellor' | 'caseworker' | 'task';
const SLOT_ROLES: Readonly<Record<AssigneeSlot, readonly string[]>> = {
  counsellor: ['counsellor', 'admin'],
  caseworker: ['caseworker', 'admin'],
  task: ['counsellor', 'caseworker', 'admin'],
};

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
 * returned as it now is. Nothing half-written survives an error. Also the writes and checks that opening a case,
 * changing it and its parts share: a part's version, who may be assigned, logging a contact.
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

  /** Checks that a user may hold a slot on a case in `departmentId`; throws a 422 on `field` otherwise. */
  async assertAssignable(em: EntityManager, actor: Actor, userId: string, slot: AssigneeSlot, departmentId: string, field: string): Promise<void> {
    const rows = await em.query(
      `SELECT 1 FROM app_user u
        WHERE u.id = $1 AND u.organisation_id = $2 AND u.disabled_at IS NULL AND u.role = ANY($3::text[])
          AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_department ud WHERE ud.user_id = u.id AND ud.department_id = $4))`,
      [userId, actor.organisationId, SLOT_ROLES[slot], departmentId],
    );
    if (rows.length === 0) {
      throw DomainError.validation([
        { field, reason: 'not_assignable', message: `The user cannot be assigned here (needs role ${SLOT_ROLES[slot].join(' or ')} in the case's department)` },
      ]);
    }
  }

  /** Inserts a contact; a reached one records, the first time, when and at which stage help began. */
  async insertContact(
    em: EntityManager,
    actor: Actor,
    caseId: string,
    c: { channel: string; reached: boolean; direction?: string; at: Date; summary?: string },
  ): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO case_contact (case_id, at, channel, direction, reached, summary, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [caseId, c.at, c.channel, c.direction ?? 'outbound', c.reached, c.summary ?? null, actor.kind === 'user' ? actor.id : null],
    );
    if (c.reached) {
      await em.query(`UPDATE case_file SET help_began_at = $2, help_began_stage = stage WHERE id = $1 AND help_began_at IS NULL`, [caseId, c.at]);
    }
    await recordCaseEvent(em, caseId, eventActorOf(actor), 'contact_logged', {
      contactId: row.id,
      channel: c.channel,
      reached: c.reached,
      direction: c.direction ?? 'outbound',
    });
    return row.id;
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
