export type Role = 'admin' | 'counsellor' | 'caseworker' | 'property_manager';
export const ROLES: readonly Role[] = ['admin', 'counsellor', 'caseworker', 'property_manager'];

export type Language = 'da' | 'en';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentIds: string[];
  language: Language;
  /** What the user's role allows (libs/core/src/access/permissions.ts); the UI shows what they allow. */
  permissions: string[];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  municipalityCode: string;
  municipalityName: string;
  /** The department lead (afdelingsleder): only in an admin's list. `eligible` false: disabled, moved or another role. */
  lead?: { id: string; name: string; eligible: boolean } | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentIds: string[];
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  departmentIds: string[];
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const API_KEY_SCOPES = ['arrears:write'] as const;

export type ActorType = 'user' | 'api_client' | 'system' | 'anonymous';
export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntry {
  id: string;
  at: string;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  personId: string | null;
  entityType: string | null;
  entityId: string | null;
  purpose: string | null;
  outcome: AuditOutcome;
  ip: string | null;
}
