import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, departmentScopeSql } from '@forebyg/core';
import type { ProtectedCpr } from './cpr-vault.js';

export interface PersonRow {
  id: string;
  name: string;
  cprEncrypted: string | null;
  phone: string | null;
  email: string | null;
  preferredLanguage: string;
  tenancies: { id: string; tenancyNumber: string; departmentId: string; role: string }[];
}

/**
 * Persons are visible to an actor when they belong to a household of a tenancy in the actor's
 * departments; a person outside that scope does not exist for them (404).
 */
@Injectable()
export class PersonRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private visibleSql(actor: Actor, params: unknown[], personColumn: string): string {
    return `EXISTS (SELECT 1 FROM household_member hm JOIN tenancy vt ON vt.id = hm.tenancy_id
                     WHERE hm.person_id = ${personColumn} AND ${departmentScopeSql(actor, 'vt.department_id', params)})`;
  }

  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<PersonRow | null> {
    const params: unknown[] = [actor.organisationId, id];
    const rows = await (em ?? this.ds.manager).query(
      `SELECT p.id, p.name, p.cpr_encrypted AS "cprEncrypted", p.phone, p.email, p.preferred_language AS "preferredLanguage",
              COALESCE((SELECT json_agg(json_build_object('id', t.id, 'tenancyNumber', t.tenancy_number, 'departmentId', t.department_id, 'role', h.role) ORDER BY t.tenancy_number)
                          FROM household_member h JOIN tenancy t ON t.id = h.tenancy_id WHERE h.person_id = p.id AND ${departmentScopeSql(actor, 't.department_id', params)}), '[]') AS tenancies
         FROM person p
        WHERE p.organisation_id = $1 AND p.id = $2 AND ${this.visibleSql(actor, params, 'p.id')}`,
      params,
    );
    return rows[0] ?? null;
  }

  async findVisibleByBlindIndex(actor: Actor, blindIndex: string, em?: EntityManager): Promise<PersonRow[]> {
    const params: unknown[] = [actor.organisationId, blindIndex];
    const rows = await (em ?? this.ds.manager).query(
      `SELECT p.id FROM person p WHERE p.organisation_id = $1 AND p.cpr_blind_index = $2 AND ${this.visibleSql(actor, params, 'p.id')}`,
      params,
    );
    const found = await Promise.all(rows.map((r: { id: string }) => this.findVisible(actor, r.id, em)));
    return found.filter((p): p is PersonRow => p !== null);
  }

  async insert(
    em: EntityManager,
    p: { organisationId: string; name: string; cpr: ProtectedCpr | null; phone?: string | null; email?: string | null; preferredLanguage?: string },
  ): Promise<string> {
    const rows = await em.query(
      `INSERT INTO person (organisation_id, name, cpr_encrypted, cpr_key_id, cpr_blind_index, phone, email, preferred_language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [p.organisationId, p.name, p.cpr?.encrypted ?? null, p.cpr?.keyId ?? null, p.cpr?.blindIndex ?? null, p.phone ?? null, p.email ?? null, p.preferredLanguage ?? 'da'],
    );
    return rows[0].id;
  }

  async addToHousehold(em: EntityManager, tenancyId: string, personId: string, role: 'tenant' | 'member'): Promise<void> {
    await em.query(
      `INSERT INTO household_member (tenancy_id, person_id, role, since) VALUES ($1, $2, $3, current_date)
       ON CONFLICT (tenancy_id, person_id) DO UPDATE SET role = EXCLUDED.role, until = NULL`,
      [tenancyId, personId, role],
    );
  }
}
