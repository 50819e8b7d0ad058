import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, departmentScopeSql, orderBySql, Page, PageRequest } from '@forebyg/core';

export interface TenancySummary {
  id: string;
  tenancyNumber: string;
  departmentId: string;
  departmentCode: string;
  address: string | null;
  unit: string | null;
  postalCode: string | null;
  monthlyRentOre: number | null;
}

export interface HouseholdMemberRow {
  personId: string;
  name: string;
  role: 'tenant' | 'member';
  cprEncrypted: string | null;
  phone: string | null;
  email: string | null;
}

export const TENANCY_SORTS = { tenancyNumber: 't.tenancy_number', address: 't.address', department: 'd.code' };

const SELECT = `
  SELECT t.id, t.tenancy_number AS "tenancyNumber", t.department_id AS "departmentId", d.code AS "departmentCode",
         t.address, t.unit, t.postal_code AS "postalCode", t.monthly_rent_ore::float8 AS "monthlyRentOre"
    FROM tenancy t JOIN department d ON d.id = t.department_id`;

/** Tenancies and households; every query is scoped to the actor's organisation and departments. */
@Injectable()
export class TenancyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(actor: Actor, req: PageRequest, filter: { departmentId?: string; q?: string }): Promise<Page<TenancySummary>> {
    const params: unknown[] = [actor.organisationId];
    const where = ['t.organisation_id = $1', departmentScopeSql(actor, 't.department_id', params)];
    if (filter.departmentId) {
      params.push(filter.departmentId);
      where.push(`t.department_id = $${params.length}`);
    }
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
      where.push(`(t.tenancy_number ILIKE $${params.length} OR t.address ILIKE $${params.length})`);
    }
    const w = where.join(' AND ');
    const [rows, count] = await Promise.all([
      this.ds.query(`${SELECT} WHERE ${w} ORDER BY ${orderBySql(req)}, t.id LIMIT ${req.pageSize} OFFSET ${req.offset}`, params),
      this.ds.query(`SELECT count(*)::int AS n FROM tenancy t JOIN department d ON d.id = t.department_id WHERE ${w}`, params),
    ]);
    return { items: rows, page: req.page, pageSize: req.pageSize, total: count[0].n };
  }

  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<TenancySummary | null> {
    const params: unknown[] = [actor.organisationId, id];
    const rows = await (em ?? this.ds.manager).query(
      `${SELECT} WHERE t.organisation_id = $1 AND t.id = $2 AND ${departmentScopeSql(actor, 't.department_id', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  async household(tenancyId: string, em?: EntityManager): Promise<HouseholdMemberRow[]> {
    return (em ?? this.ds.manager).query(
      `SELECT p.id AS "personId", p.name, h.role, p.cpr_encrypted AS "cprEncrypted", p.phone, p.email
         FROM household_member h JOIN person p ON p.id = h.person_id
        WHERE h.tenancy_id = $1 AND (h.until IS NULL OR h.until >= current_date)
        ORDER BY h.role DESC, p.name`,
      [tenancyId],
    );
  }
}
