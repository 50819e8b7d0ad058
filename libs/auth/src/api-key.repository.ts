import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { orderBySql, Page, PageRequest } from '@forebyg/core';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  departmentIds: string[];
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyRecord extends ApiKeyView {
  organisationId: string;
  secretHash: string;
}

export const API_KEY_SORTS = { name: 'k.name', createdAt: 'k.created_at', lastUsedAt: 'k.last_used_at' };

const SELECT = `
  SELECT k.id, k.organisation_id AS "organisationId", k.name, k.key_prefix AS prefix, k.secret_hash AS "secretHash",
         k.scopes, k.created_at AS "createdAt", k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt",
         COALESCE((SELECT array_agg(d.department_id::text ORDER BY d.department_id) FROM api_client_department d WHERE d.api_client_id = k.id), '{}') AS "departmentIds"
    FROM api_client k`;

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export function toApiKeyView(r: ApiKeyRecord): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    departmentIds: r.departmentIds,
    scopes: r.scopes,
    createdAt: iso(r.createdAt)!,
    lastUsedAt: iso(r.lastUsedAt),
    revokedAt: iso(r.revokedAt),
  };
}

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byPrefix(prefix: string): Promise<ApiKeyRecord | null> {
    const rows = await this.ds.query(`${SELECT} WHERE k.key_prefix = $1`, [prefix]);
    return rows[0] ?? null;
  }

  async find(organisationId: string, id: string, em?: EntityManager): Promise<ApiKeyRecord | null> {
    const rows = await (em ?? this.ds.manager).query(`${SELECT} WHERE k.organisation_id = $1 AND k.id = $2`, [organisationId, id]);
    return rows[0] ?? null;
  }

  async list(organisationId: string, req: PageRequest): Promise<Page<ApiKeyView>> {
    const [rows, count] = await Promise.all([
      this.ds.query(`${SELECT} WHERE k.organisation_id = $1 ORDER BY ${orderBySql(req)} NULLS LAST, k.id LIMIT ${req.pageSize} OFFSET ${req.offset}`, [organisationId]),
      this.ds.query('SELECT count(*)::int AS n FROM api_client WHERE organisation_id = $1', [organisationId]),
    ]);
    return { items: rows.map(toApiKeyView), page: req.page, pageSize: req.pageSize, total: count[0].n };
  }

  async insert(
    em: EntityManager,
    k: { organisationId: string; name: string; prefix: string; secretHash: string; scopes: string[]; createdBy: string | null; departmentIds: string[] },
  ): Promise<string> {
    const rows = await em.query(
      `INSERT INTO api_client (organisation_id, name, key_prefix, secret_hash, scopes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [k.organisationId, k.name, k.prefix, k.secretHash, k.scopes, k.createdBy],
    );
    const id = rows[0].id as string;
    if (k.departmentIds.length) {
      await em.query('INSERT INTO api_client_department (api_client_id, department_id) SELECT $1, unnest($2::uuid[])', [id, k.departmentIds]);
    }
    return id;
  }

  async revoke(em: EntityManager, id: string): Promise<void> {
    await em.query('UPDATE api_client SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1', [id]);
  }

  async touch(id: string): Promise<void> {
    await this.ds.query(`UPDATE api_client SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }
}
