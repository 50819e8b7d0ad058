import type { TFunction } from 'i18next';
import { formatDate } from '../../../../lib/format';
import { refLabel } from '../../../../lib/referralText';

type Data = Record<string, unknown>;

function str(data: Data, ...keys: string[]): string | undefined {
  for (const key of keys) {
    let value: unknown = data;
    for (const part of key.split('.')) value = value && typeof value === 'object' ? (value as Data)[part] : undefined;
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** The referral and consent events of the timeline as sentences (the event data's names are read leniently). */
export function referralSentence(t: TFunction, kind: string, d: Data): string {
  const e = 'referrals.timeline';
  const partner = str(d, 'partnerName', 'partner.name', 'recipientPartnerName') ?? t(`${e}.thePartner`);
  const purposeCode = str(d, 'purpose');
  const purpose = purposeCode ? ` (${refLabel(t, 'purpose', purposeCode).toLowerCase()})` : '';
  const reason = str(d, 'reason', 'withdrawnReason');
  const withReason = (sentence: string) => (reason ? `${sentence} ${t(`${e}.reason`, { reason })}` : sentence);

  switch (kind) {
    case 'consent_recorded':
    case 'consent_withdrawn': {
      // No personal data on the timeline: the recipient and the purpose only.
      const kindCode = str(d, 'recipientKind');
      const named = str(d, 'recipientName', 'recipientPartnerName');
      const recipient =
        named ?? (kindCode ? t('consents.anyOfKind', { kind: refLabel(t, 'partnerKind', kindCode).toLowerCase() }) : undefined);
      if (kind === 'consent_recorded')
        return recipient ? t(`${e}.consentRecorded`, { recipient, purpose }) : t(`${e}.consentRecordedPlain`);
      return withReason(recipient ? t(`${e}.consentWithdrawn`, { recipient, purpose }) : t(`${e}.consentWithdrawnPlain`));
    }
    case 'referral_proposed': {
      const auto = str(d, 'origin') === 'automatic';
      return t(auto ? `${e}.proposedAuto` : `${e}.proposed`, { partner, purpose });
    }
    case 'referral_sent': {
      const base = t(`${e}.sent`, { partner, purpose });
      const answerBy = str(d, 'answerBy');
      const parts = [base, answerBy ? t(`${e}.answerBy`, { date: formatDate(answerBy) }) : ''];
      if (str(d, 'basis') === 'override') parts.push(t(`${e}.sentWithoutConsent`));
      return parts.filter(Boolean).join(' ');
    }
    case 'referral_answered': {
      const status = str(d, 'status', 'to');
      const note = str(d, 'note');
      const via = str(d, 'via');
      const base = t(`${e}.answered`, { partner, status: status ? refLabel(t, 'referralStatus', status).toLowerCase() : '' });
      const how = via === 'staff' ? t(`${e}.viaStaff`) : via === 'webhook' || via === 'link' ? t(`${e}.viaPartner`) : '';
      return [base, how, note ? t(`${e}.note`, { note }) : ''].filter(Boolean).join(' ');
    }
    case 'referral_dismissed':
      return withReason(t(`${e}.dismissed`, { partner }));
    case 'referral_withdrawn':
      return withReason(t(`${e}.withdrawn`, { partner }));
    case 'municipal_notice_sent':
      return t(`${e}.noticeSent`, { legalBasis: str(d, 'legalBasis') ?? t('referrals.notice.defaultBasis') });
    default:
      return kind;
  }
}
