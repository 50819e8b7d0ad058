import { useCurrentUser } from '../auth/CurrentUser';
import type { Me } from '../api/types';

/** What the signed-in user may do, from /auth/me's permission list. The api checks every call regardless: this only decides what to show. */
export type UiPermission =
  'partners:read' | 'partners:admin' | 'referrals:read' | 'referrals:write' | 'consents:read' | 'consents:write' | 'consents:override';

export function hasPermission(me: Me, permission: UiPermission): boolean {
  return me.permissions.includes(permission);
}

/** `can('referrals:write')`: for gating links, panels and buttons. */
export function usePermissions() {
  const me = useCurrentUser();
  return { can: (permission: UiPermission) => hasPermission(me, permission) };
}
