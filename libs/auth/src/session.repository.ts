import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@forebyg/core';

export interface SessionWithUser {
  sessionId: string;
  userId: string;
  organisationId: string;
  email: string;
  name: string;
  role: Role;
  language: 'da' | 'en';
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userDisabled: boolean;
  departmentIds: string[];
}

@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async create(em: EntityManager, s: { id: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null }) {
    await em.query(
      'INSERT INTO session (id, user_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5)',
      [s.id, s.userId, s.expiresAt, s.ip, s.userAgent],
    );
  }

  async findWithUser(id: string): Promise<SessionWithUser | null> {
    const rows = await this.ds.query(
      `SELECT s.id AS "sessionId", u.id AS "userId", u.organisation_id AS "organisationId", u.email, u.name, u.role,
              u.language, s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt",
              (u.disabled_at IS NOT NULL) AS "userDisabled",
              COALESCE((SELECT array_agg(ud.department_id::text) FROM user_department ud WHERE ud.user_id = u.id), '{}') AS "departmentIds"
         FROM session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async touch(id: string): Promise<void> {
    await this.ds.query('UPDATE session SET last_seen_at = now() WHERE id = $1', [id]);
  }

  async revoke(id: string, reason: string, em?: EntityManager): Promise<void> {
    await (em ?? this.ds.manager).query(
      'UPDATE session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL',
      [id, reason],
    );
  }

  async revokeAllForUser(userId: string, reason: string, em?: EntityManager): Promise<void> {
    await (em ?? this.ds.manager).query(
      'UPDATE session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL',
      [userId, reason],
    );
  }

  /** Housekeeping for the worker: sessions past their absolute expiry are of no further use. */
  async deleteExpired(olderThanDays = 30): Promise<number> {
    const res = await this.ds.query(
      `DELETE FROM session WHERE expires_at < now() - make_interval(days => $1) OR revoked_at < now() - make_interval(days => $1)`,
      [olderThanDays],
    );
    return res[1] ?? 0;
  }
}
