import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, departmentScopeSql, orderBySql, Page, PageRequest, ROLE_PERMISSIONS, ROLES } from '@forebyg/core';

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  municipalityCode: string;
  municipalityName: string;
  /** The department's lead (who gets the cases escalated two weeks running): only for callers who manage users. */
  /** `eligible` false: the lead no longer qualifies (disabled, moved out of the department, another role). */
  lead?: { id: string; name: string; eligible: boolean } | null;
}

export interface LeadCandidate {
  id: string;
  name: string;
  email: string;
  role: string;
}

export const DEPARTMENT_SORTS = { code: 'd.code', name: 'd.name', municipality: 'm.name' };

/** Roles that can lead a department: the lead's weekly list is of cases, so only roles that read cases. */
const LEAD_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('cases:read'));

/** The same as an SQL array literal (role names are code, not input). */
const LEAD_ROLES_SQL = `ARRAY[${LEAD_ROLES.map((r) => `'${r}'`).join(', ')}]::text[]`;

/**
 * SQL for "user `u` may lead the department": an active user of the organisation in a role that reads cases, who
 * works in the department (an admin works in all of them). Used to choose a lead, to check one, and to show that
 * a lead no longer qualifies (disabled, moved, another role).
 */
export function eligibleLeadSql(organisationId: string, departmentId: string): string {
  return `u.organisation_id = ${organisationId} AND u.disabled_at IS NULL AND u.role = ANY(${LEAD_ROLES_SQL})
    AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_department ud WHERE ud.user_id = u.id AND ud.department_id = ${departmentId}))`;
}

@Injectable()
export class DepartmentRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async listVisible(actor: Actor, req: PageRequest, filter: { q?: string; municipalityCode?: string }): Promise<Page<DepartmentView>> {
    const params: unknown[] = [actor.organisationId];
    const where = ['d.organisation_id = $1', departmentScopeSql(actor, 'd.id', params)];
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
      where.push(`(d.code ILIKE $${params.length} OR d.name ILIKE $${params.length})`);
    }
    if (filter.municipalityCode) {
      params.push(filter.municipalityCode);
      where.push(`d.municipality_code = $${params.length}`);
    }
    const sql = `FROM department d JOIN municipality m ON m.code = d.municipality_code WHERE ${where.join(' AND ')}`;
    const [rows, count] = await Promise.all([
      this.ds.query(`${selectSql(actor)} ${sql} ORDER BY ${orderBySql(req)}, d.id LIMIT ${req.pageSize} OFFSET ${req.offset}`, params),
      this.ds.query(`SELECT count(*)::int AS n ${sql}`, params),
    ]);
    return { items: rows, page: req.page, pageSize: req.pageSize, total: count[0].n };
  }

  /** One department of the organisation within the actor's scope, shaped like the list's items. */
  async findView(actor: Actor, id: string, em?: EntityManager): Promise<DepartmentView | null> {
    const params: unknown[] = [actor.organisationId, id];
    const rows = await (em ?? this.ds.manager).query(
      `${selectSql(actor)} FROM department d JOIN municipality m ON m.code = d.municipality_code
        WHERE d.organisation_id = $1 AND d.id = $2 AND ${departmentScopeSql(actor, 'd.id', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The department's current lead, with the row locked for the change (null: no such department in the organisation). */
  async lockLead(em: EntityManager, organisationId: string, id: string): Promise<{ leadUserId: string | null } | null> {
    const rows = await em.query('SELECT lead_user_id AS "leadUserId" FROM department WHERE organisation_id = $1 AND id = $2 FOR UPDATE', [organisationId, id]);
    return rows[0] ?? null;
  }

  /** Whether the user may lead the department; the user's row is share-locked, so it cannot be disabled meanwhile. */
  async isEligibleLead(em: EntityManager, organisationId: string, departmentId: string, userId: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM app_user u WHERE u.id = $2 AND ${eligibleLeadSql('$1', '$3')} FOR SHARE OF u`, [
      organisationId,
      userId,
      departmentId,
    ]);
    return rows.length > 0;
  }

  /** The users who may lead the department, by name. */
  leadCandidates(organisationId: string, departmentId: string): Promise<LeadCandidate[]> {
    return this.ds.query(`SELECT u.id, u.name, u.email, u.role FROM app_user u WHERE ${eligibleLeadSql('$1', '$2')} ORDER BY u.name, u.id`, [
      organisationId,
      departmentId,
    ]);
  }

  async setLead(em: EntityManager, id: string, leadUserId: string | null): Promise<void> {
    await em.query('UPDATE department SET lead_user_id = $2 WHERE id = $1', [id, leadUserId]);
  }

  /** The ids among `ids` that exist in the organisation (to validate scope assignments). */
  async existingIds(organisationId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.ds.query('SELECT id FROM department WHERE organisation_id = $1 AND id = ANY($2::uuid[])', [organisationId, ids]);
    return rows.map((r: { id: string }) => r.id);
  }
}

/** The columns of a department view; the lead only for callers who manage users (it names a member of staff). */
function selectSql(actor: Actor): string {
  const lead = actor.permissions.has('users:manage')
    ? `, (SELECT json_build_object('id', u.id, 'name', u.name, 'eligible', ${eligibleLeadSql('d.organisation_id', 'd.id')})
           FROM app_user u WHERE u.id = d.lead_user_id) AS lead`
    : '';
  return `SELECT d.id, d.code, d.name, d.municipality_code AS "municipalityCode", m.name AS "municipalityName"${lead}`;
}
