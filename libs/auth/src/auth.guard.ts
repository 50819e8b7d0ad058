import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, APP_CONFIG, AppConfig, DomainError, ErrorCode, Permission, PERMISSION_KEY, PUBLIC_KEY, requestContextOf } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { ApiKeysService } from './api-keys.service.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';
import { SessionService } from './session.service.js';

/**
 * Deny by default: every route must declare @RequirePermission or @Public. Authenticates the caller
 * (API key in `Authorization: Bearer`, else the session cookie), checks the permission, and puts the
 * Actor on the request. Denials are audited.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission>(PERMISSION_KEY, targets);
    const req = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const ctx = requestContextOf(req as never);
    if (!permission) {
      this.logger.error(`Route ${req.method} ${req.routeOptions?.url} declares no permission; refused`);
      throw DomainError.forbidden();
    }
    const actor = await this.authenticate(req, context.switchToHttp().getResponse<FastifyReply>(), ctx);
    req.actor = actor;
    if (!actor.permissions.has(permission)) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        actor,
        context: ctx,
        details: { method: req.method, route: req.routeOptions?.url, permission },
      });
      throw DomainError.forbidden();
    }
    return true;
  }

  private async authenticate(req: FastifyRequest, reply: FastifyReply, ctx: ReturnType<typeof requestContextOf>): Promise<Actor> {
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
}
