import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { orderBySql, Page, PageRequest, Role } from '@forebyg/core';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: 'da' | 'en';
  departmentIds: string[];
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface UserCredentials {
  id: string;
  organisationId: string;
  email: string;
  passwordHash: string;
  disabled: boolean;
}

export const USER_SORTS = { name: 'u.name', email: 'u.email', role: 'u.role', createdAt: 'u.created_at', lastLoginAt: 'u.last_login_at' };

const SELECT_USER = `
  SELECT u.id, u.email, u.name, u.role, u.language, (u.disabled_at IS NOT NULL) AS disabled,
         u.created_at AS "createdAt", u.last_login_at AS "lastLoginAt",
         COALESCE((SELECT array_agg(ud.department_id::text ORDER BY ud.department_id) FROM user_department ud WHERE ud.user_id = u.id), '{}') AS "departmentIds"
    FROM app_user u`;

function toView(r: Record<string, any>): UserView {
  return {
    ...r,
    createdAt: new Date(r.createdAt).toISOString(),
    lastLoginAt: r.lastLoginAt ? new Date(r.lastLoginAt).toISOString() : null,
  } as UserView;
}

/** Staff users. Users belong to one organisation; every lookup but login is scoped by it. */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async credentialsByEmail(email: string): Promise<UserCredentials | null> {
    const rows = await this.ds.query(
      `SELECT id, organisation_id AS "organisationId", email, password_hash AS "passwordHash", (disabled_at IS NOT NULL) AS disabled
         FROM app_user WHERE email = $1`,
      [email.toLowerCase()],
    );
    return rows[0] ?? null;
  }

  async findView(organisationId: string, id: string, em?: EntityManager): Promise<UserView | null> {
    const rows = await (em ?? this.ds.manager).query(`${SELECT_USER} WHERE u.organisation_id = $1 AND u.id = $2`, [organisationId, id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async list(organisationId: string, req: PageRequest, q?: string): Promise<Page<UserView>> {
    const params: unknown[] = [organisationId];
    let where = 'u.organisation_id = $1';
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
      where += ` AND (u.name ILIKE $2 OR u.email ILIKE $2)`;
    }
    const [rows, count] = await Promise.all([
      this.ds.query(`${SELECT_USER} WHERE ${where} ORDER BY ${orderBySql(req)} NULLS LAST, u.id LIMIT ${req.pageSize} OFFSET ${req.offset}`, params),
      this.ds.query(`SELECT count(*)::int AS n FROM app_user u WHERE ${where}`, params),
    ]);
    return { items: rows.map(toView), page: req.page, pageSize: req.pageSize, total: count[0].n };
  }

  async insert(
    em: EntityManager,
    u: { organisationId: string; email: string; name: string; passwordHash: string; role: Role; language?: string },
  ): Promise<string> {
    const rows = await em.query(
      `INSERT INTO app_user (organisation_id, email, name, password_hash, role, language)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [u.organisationId, u.email.toLowerCase(), u.name, u.passwordHash, u.role, u.language ?? 'da'],
    );
    return rows[0]?.id ?? null;
  }

  async update(em: EntityManager, id: string, patch: { name?: string; role?: Role; disabled?: boolean; language?: string }): Promise<void> {
    const sets: string[] = ['updated_at = now()', 'version = version + 1'];
    const params: unknown[] = [id];
    const set = (sql: string, v: unknown) => {
      params.push(v);
      sets.push(sql.replace('?', `$${params.length}`));
    };
    if (patch.name !== undefined) set('name = ?', patch.name);
    if (patch.role !== undefined) set('role = ?', patch.role);
    if (patch.language !== undefined) set('language = ?', patch.language);
    if (patch.disabled === true) sets.push('disabled_at = COALESCE(disabled_at, now())');
    if (patch.disabled === false) sets.push('disabled_at = NULL');
    await em.query(`UPDATE app_user SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async setPassword(em: EntityManager, id: string, passwordHash: string): Promise<void> {
    await em.query('UPDATE app_user SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1', [id, passwordHash]);
  }

  async setDepartments(em: EntityManager, userId: string, departmentIds: readonly string[]): Promise<void> {
    await em.query('DELETE FROM user_department WHERE user_id = $1', [userId]);
    if (departmentIds.length) {
      await em.query('INSERT INTO user_department (user_id, department_id) SELECT $1, unnest($2::uuid[])', [userId, departmentIds]);
    }
  }

  async markLoggedIn(em: EntityManager, id: string): Promise<void> {
    await em.query('UPDATE app_user SET last_login_at = now() WHERE id = $1', [id]);
  }

  async countAdmins(organisationId: string): Promise<number> {
    const rows = await this.ds.query(
      `SELECT count(*)::int AS n FROM app_user WHERE organisation_id = $1 AND role = 'admin' AND disabled_at IS NULL`,
      [organisationId],
    );
    return rows[0].n;
  }
}
