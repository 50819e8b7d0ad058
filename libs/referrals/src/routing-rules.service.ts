import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { DEFAULT_ROUTING_RULES, parseRoutingRules, type RoutingRules } from '@forebyg/domain';
import type { RoutingRulesDto } from './partners.dto.js';

export interface RoutingRulesView {
  /** The organisation's rules, or the defaults while it has none (then version, updatedAt and updatedBy are null). */
  rules: RoutingRules;
  version: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
  defaults: RoutingRules;
}

interface StoredRow {
  rules: unknown;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

const defaults = (): RoutingRules => structuredClone(DEFAULT_ROUTING_RULES);

/** The routing rules admins edit: one versioned document per organisation, the defaults in code. */
@Injectable()
export class RoutingRulesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async view(actor: Actor, em: EntityManager = this.ds.manager): Promise<RoutingRulesView> {
    const row = await this.read(em, actor.organisationId, false);
    return viewOf(row);
  }

  /** The rules routing runs with for an organisation (stored and valid, else the defaults). */
  async effective(organisationId: string, em: EntityManager = this.ds.manager): Promise<RoutingRules> {
    const row = await this.read(em, organisationId, false);
    return viewOf(row).rules;
  }

  /** Replaces the organisation's rules. Invalid rules are a 422 naming each field; a stale version a 409. */
  async put(actor: Actor, dto: RoutingRulesDto, ctx: RequestContext): Promise<RoutingRulesView> {
    const parsed = parseRoutingRules(dto.rules);
    if (!parsed.ok) {
      throw DomainError.validation(
        parsed.errors.map((e) => ({ field: e.field ? `rules.${e.field}` : 'rules', reason: e.reason, message: e.message })),
        'The routing rules are not valid',
      );
    }
    const expected = dto.version ?? null;
    return this.ds.transaction(async (em) => {
      const current = await this.read(em, actor.organisationId, true);
      if ((current?.version ?? null) !== expected) throw conflict(current);
      const by = actor.kind === 'user' ? actor.id : null;
      if (current) {
        await em.query(
          'UPDATE routing_rule_set SET rules = $2, updated_by = $3, updated_at = now(), version = version + 1 WHERE organisation_id = $1',
          [actor.organisationId, JSON.stringify(parsed.rules), by],
        );
      } else {
        // Two first saves at once: the second finds the row the first wrote and is told so.
        const inserted = await em.query(
          'INSERT INTO routing_rule_set (organisation_id, rules, updated_by) VALUES ($1, $2, $3) ON CONFLICT (organisation_id) DO NOTHING RETURNING version',
          [actor.organisationId, JSON.stringify(parsed.rules), by],
        );
        if (!inserted.length) throw conflict(await this.read(em, actor.organisationId, false));
      }
      const view = await this.view(actor, em);
      await this.audit.record(
        {
          action: 'routing_rules.changed',
          actor,
          entityType: 'routing_rule_set',
          entityId: actor.organisationId,
          context: ctx,
          details: { version: view.version, rules: parsed.rules.rules.length, mode: parsed.rules.auto.mode },
        },
        em,
      );
      return view;
    });
  }

  private async read(em: EntityManager, organisationId: string, forUpdate: boolean): Promise<StoredRow | null> {
    const rows = await em.query(
      `SELECT r.rules, r.version, r.updated_at AS "updatedAt", u.name AS "updatedBy"
         FROM routing_rule_set r LEFT JOIN app_user u ON u.id = r.updated_by
        WHERE r.organisation_id = $1 ${forUpdate ? 'FOR UPDATE OF r' : ''}`,
      [organisationId],
    );
    return rows[0] ?? null;
  }
}

function conflict(current: StoredRow | null): DomainError {
  return new DomainError(ErrorCode.VersionConflict, 'The routing rules were changed by someone else since you opened them', {
    currentVersion: current?.version ?? null,
    current: viewOf(current),
  });
}

function viewOf(row: StoredRow | null): RoutingRulesView {
  if (!row) return { rules: defaults(), version: null, updatedAt: null, updatedBy: null, defaults: defaults() };
  // Stored rules were valid when saved; should a later release tighten the rules, routing falls back to the defaults.
  const parsed = parseRoutingRules(row.rules);
  return {
    rules: parsed.ok ? parsed.rules : defaults(),
    version: row.version,
    updatedAt: new Date(row.updatedAt).toISOString(),
    updatedBy: row.updatedBy,
    defaults: defaults(),
  };
}
