import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'forebyg_session';

export function readSessionCookie(req: FastifyRequest): string | undefined {
  const value = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

/** httpOnly, SameSite=Strict (no cross-site request carries it), Secure behind TLS. */
export function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean): void {
  void (reply as FastifyReply & { setCookie: (...a: unknown[]) => FastifyReply }).setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void (reply as FastifyReply & { clearCookie: (...a: unknown[]) => FastifyReply }).clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
  });
}
