import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, departmentScopeSql, orderBySql, Page, PageRequest } from '@forebyg/core';

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  municipalityCode: string;
  municipalityName: string;
}

export const DEPARTMENT_SORTS = { code: 'd.code', name: 'd.name', municipality: 'm.name' };

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
      this.ds.query(
        `SELECT d.id, d.code, d.name, d.municipality_code AS "municipalityCode", m.name AS "municipalityName"
           ${sql} ORDER BY ${orderBySql(req)}, d.id LIMIT ${req.pageSize} OFFSET ${req.offset}`,
        params,
      ),
      this.ds.query(`SELECT count(*)::int AS n ${sql}`, params),
    ]);
    return { items: rows, page: req.page, pageSize: req.pageSize, total: count[0].n };
  }

  /** The ids among `ids` that exist in the organisation (to validate scope assignments). */
  async existingIds(organisationId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.ds.query('SELECT id FROM department WHERE organisation_id = $1 AND id = ANY($2::uuid[])', [organisationId, ids]);
    return rows.map((r: { id: string }) => r.id);
  }
}
