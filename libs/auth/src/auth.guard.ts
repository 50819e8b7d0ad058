import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, DomainError, Permission, PERMISSION_KEY, PUBLIC_KEY, requestContextOf } from '@forebyg/core';
import { RequestAuthenticator } from './request-authenticator.js';

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
    private readonly auth: RequestAuthenticator,
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
    const actor = await this.auth.authenticate(req, context.switchToHttp().getResponse<FastifyReply>(), ctx);
    req.actor = actor;
    await this.auth.authorize(actor, permission, req, ctx);
    return true;
  }
}
