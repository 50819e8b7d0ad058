import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, orderBySql, Page, pageRequest, PageQueryDto } from '@forebyg/core';
import { AuditEntry } from './audit-entry.js';

export interface AuditSearch extends PageQueryDto {
  action?: string;
  actorId?: string;
  personId?: string;
  from?: string;
  to?: string;
  outcome?: string;
}

export interface AuditRecordView {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  personId: string | null;
  entityType: string | null;
  entityId: string | null;
  purpose: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/**
 * The append-only audit log. `record` takes the EntityManager of the caller's transaction, so the
 * audit row commits or rolls back together with the read or change it describes.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    const actor = entry.actor;
    await (em ?? this.dataSource.manager).query(
      `INSERT INTO audit_log (organisation_id, actor_type, actor_id, actor_label, action, person_id, entity_type,
         entity_id, purpose, outcome, ip, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        entry.organisationId ?? actor?.organisationId ?? null,
        actor ? actor.kind : (entry.actorType ?? 'anonymous'),
        actor ? actor.id : (entry.actorId ?? null),
        actor ? actor.label : (entry.actorLabel ?? null),
        entry.action,
        entry.personId ?? null,
        entry.entityType ?? null,
        entry.entityId ?? null,
        entry.purpose ?? null,
        entry.outcome ?? 'success',
        entry.context?.ip ?? null,
        entry.context?.requestId ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  async search(actor: Actor, query: AuditSearch): Promise<Page<AuditRecordView>> {
    const req = pageRequest(query, { at: 'at', action: 'action', id: 'id' }, '-at');
    const params: unknown[] = [actor.organisationId];
    const where = ['organisation_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.action) add('action = ?', query.action);
    if (query.actorId) add('actor_id = ?::uuid', query.actorId);
    if (query.personId) add('person_id = ?::uuid', query.personId);
    if (query.outcome) add('outcome = ?', query.outcome);
    // Whole days, inclusive, on the Copenhagen calendar.
    if (query.from) add(`at >= (?::date)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, query.from);
    if (query.to) add(`at < (?::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, query.to);
    const whereSql = where.join(' AND ');
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT id::text, at, actor_type, actor_id, actor_label, action, person_id, entity_type, entity_id, purpose,
                outcome, ip, request_id, details
           FROM audit_log WHERE ${whereSql} ORDER BY ${orderBySql(req)}, id DESC
          LIMIT ${req.pageSize} OFFSET ${req.offset}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE ${whereSql}`, params),
    ]);
    return {
      items: rows.map(toView),
      page: req.page,
      pageSize: req.pageSize,
      total: count[0].n,
    };
  }
}

function toView(r: Record<string, any>): AuditRecordView {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    personId: r.person_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    purpose: r.purpose,
    outcome: r.outcome,
    ip: r.ip,
    requestId: r.request_id,
    details: r.details,
  };
}
