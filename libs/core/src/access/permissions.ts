/**
 * Who may do what. Every route declares one permission (or is explicitly public); roles map to
 * permissions here and nowhere else, and an API key's scopes are permissions it was granted.
 */
export const ROLES = ['admin', 'counsellor', 'caseworker', 'property_manager'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'profile',
  'departments:read',
  'municipalities:read',
  'tenancies:read',
  'persons:read',
  'persons:reveal-cpr',
  'users:manage',
  'api-keys:manage',
  'audit:read',
  'arrears:write',
  'cases:read',
  'cases:write',
  'cases:assign',
  'cases:export',
  'case-notes:read',
  'case-notes:write',
  'arrears:admin',
  /** The queue board under /admin/queues (Bull Board): see, retry and clean background jobs. */
  'queues:admin',
  /** The partner registry (read: everyone who refers; admin: create, edit, rotate secrets, routing rules, dead letter). */
  'partners:read',
  'partners:admin',
  /** Referrals of a case: see them and the engine's recommendations; propose, send, record answers. */
  'referrals:read',
  'referrals:write',
  /** The consent ledger of a case's household. */
  'consents:read',
  'consents:write',
  /** Sending a referral that needs consent without a valid one: its own permission, with a reason, audited. */
  'consents:override',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  counsellor: [
    'profile', 'departments:read', 'municipalities:read', 'tenancies:read', 'persons:read', 'persons:reveal-cpr',
    'cases:read', 'cases:write', 'cases:assign', 'cases:export', 'case-notes:read', 'case-notes:write',
    'partners:read', 'referrals:read', 'referrals:write', 'consents:read', 'consents:write',
  ],
  // Caseworkers follow the legal side of a case; the counsellors' notes (budget talks, health, family) stay with counselling.
  caseworker: [
    'profile', 'departments:read', 'municipalities:read', 'tenancies:read', 'persons:read', 'persons:reveal-cpr',
    'cases:read', 'cases:write', 'cases:assign', 'cases:export',
    'partners:read', 'referrals:read', 'referrals:write', 'consents:read', 'consents:write',
  ],
  property_manager: ['profile', 'departments:read', 'municipalities:read', 'tenancies:read', 'arrears:write'],
};

/** What a machine client (ledger system) can be granted; it never gets user administration or personal reads. */
export const API_KEY_SCOPES = ['arrears:write', 'departments:read'] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}
