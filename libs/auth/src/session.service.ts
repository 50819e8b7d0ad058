import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, DomainError, ErrorCode, permissionsOfRole, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { SessionRepository } from './session.repository.js';
import { newToken, sha256 } from './tokens.js';

/** How often last_seen_at is written: often enough for the idle timeout, rarely enough to be cheap. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side sessions: the cookie carries a random token, the database only its hash. A session ends
 * at logout, when its user is disabled, after SESSION_IDLE_MINUTES without use, and at the latest
 * SESSION_ABSOLUTE_HOURS after login.
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  async create(em: EntityManager, userId: string, ctx: RequestContext): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
    const token = newToken();
    const sessionId = sha256(token);
    const expiresAt = new Date(Date.now() + this.config.SESSION_ABSOLUTE_HOURS * 3600_000);
    await this.sessions.create(em, { id: sessionId, userId, expiresAt, ip: ctx.ip, userAgent: ctx.userAgent });
    return { token, sessionId, expiresAt };
  }

  /** Resolves a cookie token to an Actor, or throws 401 (`unauthenticated` or `session_expired`). */
  async authenticate(token: string, ctx: RequestContext): Promise<Actor> {
    const sessionId = sha256(token);
    const s = await this.sessions.findWithUser(sessionId);
    if (!s || s.revokedAt || s.userDisabled) {
      throw new DomainError(ErrorCode.Unauthenticated, 'Not logged in');
    }
    const now = Date.now();
    const idleDeadline = new Date(s.lastSeenAt).getTime() + this.config.SESSION_IDLE_MINUTES * 60_000;
    if (now > idleDeadline || now > new Date(s.expiresAt).getTime()) {
      await this.sessions.revoke(sessionId, 'expired');
      await this.audit.record({
        action: 'auth.session_expired',
        actorType: 'user',
        actorId: s.userId,
        actorLabel: s.email,
        organisationId: s.organisationId,
        context: ctx,
      });
      throw new DomainError(ErrorCode.SessionExpired, 'The session has expired; log in again');
    }
    if (now - new Date(s.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) await this.sessions.touch(sessionId);
    return {
      kind: 'user',
      id: s.userId,
      organisationId: s.organisationId,
      label: s.email,
      role: s.role,
      permissions: permissionsOfRole(s.role),
      departmentIds: s.role === 'admin' ? 'all' : s.departmentIds,
      sessionId,
    };
  }

  revokeByToken(token: string, reason: string, em?: EntityManager): Promise<void> {
    return this.sessions.revoke(sha256(token), reason, em);
  }

  revoke(sessionId: string, reason: string, em?: EntityManager): Promise<void> {
    return this.sessions.revoke(sessionId, reason, em);
  }

  revokeAllForUser(userId: string, reason: string, em?: EntityManager): Promise<void> {
    return this.sessions.revokeAllForUser(userId, reason, em);
  }
}
