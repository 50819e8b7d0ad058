import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, APP_CONFIG, AppConfig, DomainError, ErrorCode, Permission, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { ApiKeysService } from './api-keys.service.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';
import { SessionService } from './session.service.js';

/**
 * Who is calling, and may they: shared by the global AuthGuard (Nest routes) and by routes served outside Nest
 * (the queue board under /admin/queues), so both read the same credentials and audit denials the same way.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The API key in `Authorization: Bearer`, else the session cookie. Throws a 401 DomainError (and clears a
   * cookie that no longer names a live session).
   */
  async authenticate(req: FastifyRequest, reply: FastifyReply, ctx: RequestContext): Promise<Actor> {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new DomainError(ErrorCode.Unauthenticated, 'Malformed Authorization header');
      return this.apiKeys.authenticate(m[1]!, ctx);
    }
    const token = readSessionCookie(req);
    if (!token) throw new DomainError(ErrorCode.Unauthenticated, 'Not logged in');
    try {
      return await this.sessions.authenticate(token, ctx);
    } catch (err) {
      clearSessionCookie(reply, this.config.cookieSecure);
      throw err;
    }
  }

  /** Throws 403 (after writing an `access.denied` audit row) unless the actor holds the permission. */
  async authorize(actor: Actor, permission: Permission, req: FastifyRequest, ctx: RequestContext): Promise<void> {
    if (actor.permissions.has(permission)) return;
    await this.audit.record({
      action: 'access.denied',
      outcome: 'denied',
      actor,
      context: ctx,
      details: { method: req.method, route: req.routeOptions?.url, permission },
    });
    throw DomainError.forbidden();
  }
}
