import type { TFunction } from 'i18next';
import { ROLES, type Role } from '../api/types';

export function roleOptions(t: TFunction) {
  return ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));
}

/** Roles with the case permissions (property managers have none). */
export function canUseCases(role: Role): boolean {
  return role === 'admin' || role === 'counsellor' || role === 'caseworker';
}

/** Roles that upload arrears data and see the import history (arrears:write). */
export function canUseArrears(role: Role): boolean {
  return role === 'admin' || role === 'property_manager';
}
