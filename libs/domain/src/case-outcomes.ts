/**
 * How a case ended. Kept as a closed list because the effect statistics (share resolved before termination,
 * evictions per 1,000 tenancies) group by it; free text goes in the closing note.
 */

export const CASE_OUTCOMES = [
  'paid',
  'payment_agreement',
  'municipal_aid',
  'housing_benefit',
  'moved_voluntarily',
  'evicted',
  'no_contact',
  'other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_OUTCOME_LABELS: Readonly<Record<CaseOutcome, { da: string; en: string }>> = {
  paid: { da: 'Betalt', en: 'Paid' },
  payment_agreement: { da: 'Afdragsordning', en: 'Payment agreement' },
  municipal_aid: { da: 'Kommunal hjælp', en: 'Municipal aid' },
  housing_benefit: { da: 'Boligstøtte', en: 'Housing benefit' },
  moved_voluntarily: { da: 'Fraflyttet frivilligt', en: 'Moved out voluntarily' },
  // Not "Udsat", which in everyday Danish also means "postponed".
  evicted: { da: 'Udsættelse gennemført', en: 'Evicted' },
  no_contact: { da: 'Ingen kontakt', en: 'No contact' },
  other: { da: 'Andet', en: 'Other' },
};

export function isCaseOutcome(value: unknown): value is CaseOutcome {
  return typeof value === 'string' && (CASE_OUTCOMES as readonly string[]).includes(value);
}
