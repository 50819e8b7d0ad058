import type { TFunction } from 'i18next';
import type { Municipality, Partner } from '../../api/referralTypes';

export type MunicipalityLookup = Map<string, Municipality>;

export function municipalityLookup(items: Municipality[] | undefined): MunicipalityLookup {
  return new Map((items ?? []).map((m) => [m.code, m]));
}

export function municipalityLabel(code: string, lookup: MunicipalityLookup): string {
  const m = lookup.get(code);
  return m ? `${m.name} (${m.code})` : code;
}

/** Where a partner works: the municipality of a contact point, the departments of the own counselling, the areas of the rest. */
export function coverageText(t: TFunction, p: Partner, municipalities: MunicipalityLookup): string {
  if (p.kind === 'municipal') {
    return p.municipalityCode ? municipalityLabel(p.municipalityCode, municipalities) : (p.municipalityName ?? '');
  }
  if (p.kind === 'own_counselling') {
    if (!p.departments?.length) return t('partners.coverage.noDepartments');
    return p.departments.map((d) => `${d.code} – ${d.name}`).join(', ');
  }
  if (!p.areas?.length) return t('partners.coverage.wholeCountry');
  return p.areas.map((code) => municipalities.get(code)?.name ?? code).join(', ');
}

/** "3 ledige pladser · 14 dages venteliste", or "–" when neither is known. */
export function capacityText(t: TFunction, p: Pick<Partner, 'capacity' | 'waitingDays'>): string {
  const parts: string[] = [];
  if (p.capacity !== null && p.capacity !== undefined) {
    parts.push(p.capacity > 0 ? t('partners.capacity.free', { count: p.capacity }) : t('partners.capacity.full'));
  }
  if (p.waitingDays !== null && p.waitingDays !== undefined) {
    parts.push(p.waitingDays > 0 ? t('partners.capacity.waiting', { count: p.waitingDays }) : t('partners.capacity.noWaiting'));
  }
  return parts.length ? parts.join(' · ') : t('common.none');
}

/** Who changed something (a user's name), or "–" (a system change, or a user since deleted). */
export function changedByText(t: TFunction, by: string | null | undefined): string {
  return by || t('common.none');
}
