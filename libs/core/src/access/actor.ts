import type { Permission, Role } from './permissions.js';

/** The authenticated caller of a request: a staff user (session) or a machine client (API key). */
export interface Actor {
  kind: 'user' | 'api_client';
  id: string;
  organisationId: string;
  /** E-mail of a user, name of an API key: for the audit log, never personal data of tenants. */
  label: string;
  role: Role | null;
  permissions: ReadonlySet<Permission>;
  /** 'all' for admins (within their organisation); otherwise the departments the actor is scoped to. */
  departmentIds: 'all' | readonly string[];
  sessionId?: string;
}

export interface RequestContext {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
}

export function canSeeDepartment(actor: Actor, departmentId: string): boolean {
  return actor.departmentIds === 'all' || actor.departmentIds.includes(departmentId);
}

/**
 * SQL for "this row's department is in the actor's scope": every repository query goes through it.
 * Pushes the parameter and returns a fragment such as `t.department_id = ANY($3)`.
 */
export function departmentScopeSql(actor: Actor, column: string, params: unknown[]): string {
  if (actor.departmentIds === 'all') return 'TRUE';
  params.push(actor.departmentIds);
  return `${column} = ANY($${params.length}::uuid[])`;
}
