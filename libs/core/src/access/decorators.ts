import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, RequestContext } from './actor.js';
import type { Permission } from './permissions.js';

export const PERMISSION_KEY = 'forebyg:permission';
export const PUBLIC_KEY = 'forebyg:public';

/** Declares the permission a route needs. A route with neither this nor @Public() is refused (deny by default). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Declares a route open to anonymous callers (login, health, partner callbacks with their own signatures). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

interface RequestWithActor {
  actor?: Actor;
  ip?: string;
  id?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

export function requestContextOf(req: RequestWithActor): RequestContext {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, requestId: req.id == null ? null : String(req.id), userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null };
}

export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext =>
  requestContextOf(ctx.switchToHttp().getRequest<RequestWithActor>()),
);
