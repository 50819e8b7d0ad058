import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import type { TriggerRuleDto } from './arrears.dto.js';
import { DEFAULT_TRIGGER_RULE, effectiveRule, type TriggerRuleValues } from './trigger-rules.js';

export interface StoredRule extends TriggerRuleValues {
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface TriggerRulesView {
  defaults: TriggerRuleValues;
  organisation: StoredRule | null;
  departments: { departmentId: string; code: string; name: string; rule: StoredRule | null; effective: TriggerRuleValues }[];
}

const RULE_COLUMNS = `r.open_min_months::float8 AS "openMinMonths", r.open_min_ore::float8 AS "openMinOre", r.open_on_demand AS "openOnDemand",
  r.close_after_days_at_zero AS "closeAfterDaysAtZero", r.version, r.updated_at AS "updatedAt", u.name AS "updatedBy"`;

/** The trigger rules admins edit: the organisation's, and each department's override, with versions. */
@Injectable()
export class TriggerRulesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async view(actor: Actor): Promise<TriggerRulesView> {
    const [org] = await this.ds.query(
      `SELECT ${RULE_COLUMNS} FROM case_trigger_rule r LEFT JOIN app_user u ON u.id = r.updated_by
        WHERE r.organisation_id = $1 AND r.department_id IS NULL`,
      [actor.organisationId],
    );
    const depts: ({ departmentId: string; code: string; name: string; hasRule: boolean } & StoredRule)[] = await this.ds.query(
      `SELECT d.id AS "departmentId", d.code, d.name, r.id IS NOT NULL AS "hasRule", ${RULE_COLUMNS}
         FROM department d
         LEFT JOIN case_trigger_rule r ON r.organisation_id = d.organisation_id AND r.department_id = d.id
         LEFT JOIN app_user u ON u.id = r.updated_by
        WHERE d.organisation_id = $1 ORDER BY d.code`,
      [actor.organisationId],
    );
    const orgRule = org ? stored(org) : null;
    return {
      defaults: { ...DEFAULT_TRIGGER_RULE },
      organisation: orgRule,
      departments: depts.map((d) => {
        const rule = d.hasRule ? stored(d) : null;
        return { departmentId: d.departmentId, code: d.code, name: d.name, rule, effective: effectiveRule(orgRule, rule) };
      }),
    };
  }

  /** Creates or replaces a rule (departmentId null: the organisation's). A stale version is a 409. */
  async put(actor: Actor, departmentId: string | null, dto: TriggerRuleDto, ctx: RequestContext): Promise<TriggerRulesView> {
    await this.ds.transaction(async (em) => {
      if (departmentId) {
        const dept = await em.query('SELECT 1 FROM department WHERE id = $1 AND organisation_id = $2', [departmentId, actor.organisationId]);
        if (!dept.length) throw DomainError.notFound('Department');
      }
      const current = await this.lock(em, actor.organisationId, departmentId);
      if (current && dto.version !== current.version) {
        throw new DomainError(ErrorCode.VersionConflict, 'The rule was changed by someone else since you opened it', {
          currentVersion: current.version,
          current: stored(current),
        });
      }
      if (!current && dto.version !== undefined) throw DomainError.conflict('The rule does not exist any more', { reason: 'rule_missing' });
      const values = [dto.openMinMonths, dto.openMinOre, dto.openOnDemand, dto.closeAfterDaysAtZero, actor.kind === 'user' ? actor.id : null];
      if (current) {
        await em.query(
          `UPDATE case_trigger_rule SET open_min_months = $2, open_min_ore = $3, open_on_demand = $4, close_after_days_at_zero = $5,
                  updated_by = $6, updated_at = now(), version = version + 1 WHERE id = $1`,
          [current.id, ...values],
        );
      } else {
        await em.query(
          `INSERT INTO case_trigger_rule (organisation_id, department_id, open_min_months, open_min_ore, open_on_demand, close_after_days_at_zero, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [actor.organisationId, departmentId, ...values],
        );
      }
      await this.audit.record(
        {
          action: 'arrears.rules_changed',
          actor,
          entityType: 'case_trigger_rule',
          entityId: departmentId ?? 'organisation',
          context: ctx,
          details: { openMinMonths: dto.openMinMonths, openMinOre: dto.openMinOre, openOnDemand: dto.openOnDemand, closeAfterDaysAtZero: dto.closeAfterDaysAtZero },
        },
        em,
      );
    });
    return this.view(actor);
  }

  async removeDepartmentRule(actor: Actor, departmentId: string, version: number, ctx: RequestContext): Promise<TriggerRulesView> {
    await this.ds.transaction(async (em) => {
      const current = await this.lock(em, actor.organisationId, departmentId);
      if (!current) throw DomainError.notFound('Rule');
      if (current.version !== version) {
        throw new DomainError(ErrorCode.VersionConflict, 'The rule was changed by someone else since you opened it', {
          currentVersion: current.version,
          current: stored(current),
        });
      }
      await em.query('DELETE FROM case_trigger_rule WHERE id = $1', [current.id]);
      await this.audit.record(
        { action: 'arrears.rules_changed', actor, entityType: 'case_trigger_rule', entityId: departmentId, context: ctx, details: { removed: true } },
        em,
      );
    });
    return this.view(actor);
  }

  private async lock(em: EntityManager, organisationId: string, departmentId: string | null) {
    const rows = await em.query(
      `SELECT r.id, ${RULE_COLUMNS} FROM case_trigger_rule r LEFT JOIN app_user u ON u.id = r.updated_by
        WHERE r.organisation_id = $1 AND r.department_id IS NOT DISTINCT FROM $2 FOR UPDATE OF r`,
      [organisationId, departmentId],
    );
    return rows[0] as (StoredRule & { id: string }) | undefined;
  }
}

function stored(r: StoredRule): StoredRule {
  return {
    openMinMonths: r.openMinMonths,
    openMinOre: r.openMinOre,
    openOnDemand: r.openOnDemand,
    closeAfterDaysAtZero: r.closeAfterDaysAtZero,
    version: r.version,
    updatedAt: new Date(r.updatedAt).toISOString(),
    updatedBy: r.updatedBy,
  };
}
