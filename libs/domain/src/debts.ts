/**
 * Debts ordered the way a debt counsellor pays them: the debts that can cost the home or its heat and water
 * first, then public creditors (which can set off against benefits and use enforcement without a court), then
 * everything else by size. Rent first is the whole point of this product: rent arrears lead to eviction.
 */

export const CREDITOR_KINDS = ['rent', 'utilities', 'public', 'bank', 'consumer', 'private', 'other'] as const;
export type CreditorKind = (typeof CREDITOR_KINDS)[number];

/** Priority rank per creditor kind: lower is paid first; kinds sharing a rank are ordered by amount. */
export const DEBT_PRIORITY: Readonly<Record<CreditorKind, number>> = /* @__PURE__ */ Object.freeze({
  /** Husleje: unpaid rent ends in termination and eviction. */
  rent: 1,
  /** El, vand, varme: disconnection makes the home unliveable. */
  utilities: 2,
  /** SKAT, kommune, Gældsstyrelsen: offsetting and enforcement without a court case. */
  public: 3,
  bank: 4,
  consumer: 4,
  private: 4,
  other: 4,
});

export const CREDITOR_KIND_LABELS: Readonly<Record<CreditorKind, { da: string; en: string }>> = {
  rent: { da: 'Husleje', en: 'Rent' },
  utilities: { da: 'El, vand og varme', en: 'Utilities' },
  public: { da: 'Offentlig gæld (SKAT, kommune)', en: 'Public debt (tax, municipality)' },
  bank: { da: 'Bank', en: 'Bank' },
  consumer: { da: 'Forbrugslån og kreditter', en: 'Consumer credit' },
  private: { da: 'Privat (familie, venner)', en: 'Private (family, friends)' },
  other: { da: 'Andet', en: 'Other' },
};

export interface PrioritisableDebt {
  creditorKind: CreditorKind;
  amountOre: number;
}

/**
 * A new array sorted by priority rank, then by amount (largest first); equal debts keep their input order.
 * Generic so callers keep their own fields (id, creditor name, ...).
 */
export function sortDebtsByPriority<T extends PrioritisableDebt>(debts: readonly T[]): T[] {
  for (const [i, d] of debts.entries()) {
    if (!Object.hasOwn(DEBT_PRIORITY, d.creditorKind)) {
      throw new RangeError(`debts[${i}].creditorKind unknown: ${String(d.creditorKind)}`);
    }
    if (!Number.isSafeInteger(d.amountOre)) throw new RangeError(`debts[${i}].amountOre must be a safe integer`);
  }
  // Array.prototype.sort is stable (ES2019), which gives the "keep input order" tie-break.
  return [...debts].sort((a, b) => DEBT_PRIORITY[a.creditorKind] - DEBT_PRIORITY[b.creditorKind] || b.amountOre - a.amountOre);
}
