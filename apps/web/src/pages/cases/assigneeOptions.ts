import type { TFunction } from 'i18next';
import type { Assignee } from '../../api/caseTypes';

export const NONE = '__none__';

/** Select options "Name (Rolle)", optionally led by "Ingen". */
export function assigneeOptions(t: TFunction, assignees: Assignee[] | undefined, withNone: boolean, roles?: readonly string[]) {
  const options = (assignees ?? [])
    .filter((a) => !roles || roles.includes(a.role))
    .map((a) => ({
      value: a.id,
      label: `${a.name} (${t(`roles.${a.role as 'admin'}`, { defaultValue: a.role })})`,
    }));
  return withNone ? [{ value: NONE, label: t('case.assign.none') }, ...options] : options;
}

/** Who may hold each slot (the API answers 422 for anyone else). */
export const COUNSELLOR_ROLES = ['counsellor', 'admin'] as const;
export const CASEWORKER_ROLES = ['caseworker', 'admin'] as const;

/** A select value to the API's field: NONE is null (unassign). */
export function assigneeValue(value: string | null): string | null {
  return value === NONE ? null : value;
}
