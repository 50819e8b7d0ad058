import type { TFunction } from 'i18next';
import type { Delivery, RoutingReason } from '../api/referralTypes';

/**
 * Words of the referral module: labels of the closed lists, the routing engine's reasons as sentences, the
 * delivery state of a message. Unknown values fall back to the value itself (the API may know more than this build).
 */

type Group =
  | 'partnerKind'
  | 'purpose'
  | 'dataItem'
  | 'givenVia'
  | 'referralStatus'
  | 'origin'
  | 'consentStatus'
  | 'delivery'
  | 'channel'
  | 'contactKind'
  | 'messageStatus'
  | 'messageType';

export function refLabel(t: TFunction, group: Group, value: string | null | undefined): string {
  if (!value) return '';
  const key = group === 'messageType' ? value.replace(/\./g, '_') : value;
  return t(`refLabels.${group}.${key}` as 'refLabels.purpose.other', { defaultValue: value });
}

export function labelOptions(t: TFunction, group: Group, values: readonly string[]) {
  return values.map((value) => ({ value, label: refLabel(t, group, value) }));
}

const languageNames = new Map<string, Intl.DisplayNames>();

/** "ar" → "arabisk" / "Arabic", in the UI language. */
export function languageName(code: string, uiLanguage: string): string {
  const lang = uiLanguage === 'en' ? 'en' : 'da';
  let names = languageNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'language' });
    languageNames.set(lang, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Languages a partner may list: the common ones in Danish social housing; the field also takes any other code. */
export const COMMON_LANGUAGES = ['da', 'en', 'ar', 'tr', 'so', 'ur', 'fa', 'pl', 'uk', 'de', 'ro', 'ti', 'ku', 'bs', 'vi'];

const param = (reason: RoutingReason, key: string): string | number | undefined => {
  const value = reason.params?.[key];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
};

/** One of the routing engine's reasons as a sentence ("Dækker afdelingen", "Venteliste: 21 dage"). */
export function reasonSentence(t: TFunction, reason: RoutingReason, uiLanguage: string): string {
  const r = 'refLabels.reason';
  switch (reason.code) {
    case 'covers_department':
      return t(`${r}.covers_department`);
    case 'serves_municipality':
      return t(`${r}.serves_municipality`);
    case 'serves_whole_country':
      return t(`${r}.serves_whole_country`);
    case 'language_match':
    case 'language_mismatch': {
      const code = param(reason, 'language');
      const language = code === undefined ? '' : languageName(String(code), uiLanguage);
      return t(reason.code === 'language_match' ? `${r}.language_match` : `${r}.language_mismatch`, { language });
    }
    case 'has_capacity': {
      const capacity = param(reason, 'capacity');
      return typeof capacity === 'number' ? t(`${r}.has_capacity`, { count: capacity }) : t(`${r}.has_capacityPlain`);
    }
    case 'no_capacity':
      return t(`${r}.no_capacity`);
    case 'waiting_list': {
      const days = param(reason, 'days');
      return typeof days === 'number' ? t(`${r}.waiting_list`, { count: days }) : t(`${r}.waiting_listPlain`);
    }
    case 'accredited':
      return t(`${r}.accredited`);
    case 'consent_on_file':
      return t(`${r}.consent_on_file`);
    case 'consent_needed':
      return t(`${r}.consent_needed`);
    case 'children_in_household': {
      const children = param(reason, 'children');
      return typeof children === 'number' ? t(`${r}.children_in_household`, { count: children }) : t(`${r}.children_in_householdPlain`);
    }
    case 'urgent': {
      const daysLeft = param(reason, 'daysLeft');
      return typeof daysLeft === 'number' ? t(`${r}.urgent`, { count: daysLeft }) : t(`${r}.urgentPlain`);
    }
    case 'rule_matched': {
      const label = param(reason, 'label');
      if (label !== undefined) return t(`${r}.rule_matched`, { label });
      const purpose = param(reason, 'purpose');
      return purpose !== undefined
        ? t(`${r}.rule_matchedPurpose`, { purpose: refLabel(t, 'purpose', String(purpose)).toLowerCase() })
        : t(`${r}.rule_matchedPlain`);
    }
    case 'already_referred':
      return t(`${r}.already_referred`);
    default:
      return reason.code;
  }
}

/** "+10", "−25" or "" for 0 (a real minus sign, for screen readers and looks). */
export function pointsText(points: number): string {
  if (!points) return '';
  return points > 0 ? `+${points}` : `−${Math.abs(points)}`;
}

/** "Leveret", "Afventer levering (2 forsøg)", "Ikke leveret: timeout". */
export function deliveryText(t: TFunction, delivery: Delivery | null | undefined): string {
  if (!delivery) return '';
  const label = refLabel(t, 'delivery', delivery.status);
  if (delivery.status === 'delivered') return label;
  const attempts = delivery.attempts > 0 ? ` ${t('refLabels.attempts', { count: delivery.attempts })}` : '';
  const error = delivery.status === 'dead' && delivery.lastError ? `: ${delivery.lastError}` : '';
  return `${label}${attempts}${error}`;
}

/** Outline badge colours by referral status (dark shades: the text must pass contrast on white). */
export const STATUS_COLOR: Record<string, string> = {
  proposed: 'gray.8',
  sent: 'blue.9',
  acknowledged: 'indigo.9',
  accepted: 'teal.9',
  completed: 'green.9',
  declined: 'red.9',
  no_show: 'grape.9',
  withdrawn: 'gray.7',
  dismissed: 'gray.7',
};
