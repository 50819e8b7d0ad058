/** Helpers for the /login?next=…&reason=… round trip. */

export type LoginReason = 'expired' | 'logged_out';

/** Only same-app paths may be returned to (no "//evil.example" or absolute URLs). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}

export function loginPath(next?: string, reason?: LoginReason): string {
  const params = new URLSearchParams();
  if (next && safeNext(next) !== '/') params.set('next', safeNext(next));
  if (reason) params.set('reason', reason);
  const qs = params.toString();
  return qs ? `/login?${qs}` : '/login';
}
