import fc from 'fast-check';
import { CREDITOR_KIND_LABELS, CREDITOR_KINDS, DEBT_PRIORITY, sortDebtsByPriority, type CreditorKind } from './debts.js';

type Debt = { id: string; creditorKind: CreditorKind; amountOre: number };
const d = (id: string, creditorKind: CreditorKind, amountOre: number): Debt => ({ id, creditorKind, amountOre });

describe('DEBT_PRIORITY', () => {
  it('ranks rent, utilities, public, then the rest together', () => {
    expect(DEBT_PRIORITY).toEqual({ rent: 1, utilities: 2, public: 3, bank: 4, consumer: 4, private: 4, other: 4 });
    expect(Object.keys(CREDITOR_KIND_LABELS).sort()).toEqual([...CREDITOR_KINDS].sort());
    expect(CREDITOR_KIND_LABELS.rent.da).toBe('Husleje');
  });
});

describe('sortDebtsByPriority', () => {
  it('rent first, then utilities, then public, then the rest by size', () => {
    const debts = [
      d('quick-loan', 'consumer', 4_000_000),
      d('mother', 'private', 500_000),
      d('skat', 'public', 1_200_000),
      d('rent', 'rent', 900_000),
      d('bank', 'bank', 8_000_000),
      d('heat', 'utilities', 300_000),
      d('kommune', 'public', 2_000_000),
      d('gym', 'other', 60_000),
      d('power', 'utilities', 450_000),
    ];
    expect(sortDebtsByPriority(debts).map((x) => x.id)).toEqual([
      'rent',
      'power',
      'heat',
      'kommune',
      'skat',
      'bank',
      'quick-loan',
      'mother',
      'gym',
    ]);
  });

  it('keeps input order for equal debts, keeps extra fields, and does not mutate the input', () => {
    const debts = [d('a', 'bank', 100), d('b', 'consumer', 100), d('c', 'rent', 5)];
    const copy = structuredClone(debts);
    const sorted = sortDebtsByPriority(debts);
    expect(sorted.map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect(sorted[0]).toBe(debts[2]);
    expect(debts).toEqual(copy);
    expect(sortDebtsByPriority([])).toEqual([]);
  });

  it('rejects unknown kinds and non-integer amounts', () => {
    expect(() => sortDebtsByPriority([d('x', 'mortgage' as never, 1)])).toThrow(/creditorKind/);
    expect(() => sortDebtsByPriority([d('x', 'constructor' as never, 1)])).toThrow(/creditorKind/);
    expect(() => sortDebtsByPriority([d('x', 'bank', 1.5)])).toThrow(/amountOre/);
  });

  it('property: a permutation ordered by rank, then by amount descending', () => {
    const debtArb = fc.record({
      creditorKind: fc.constantFrom(...CREDITOR_KINDS),
      amountOre: fc.integer({ min: 0, max: 10_000_000 }),
    });
    const byId = (a: Debt, b: Debt): number => Number(a.id) - Number(b.id);
    fc.assert(
      fc.property(fc.array(debtArb, { maxLength: 30 }), (raw) => {
        const debts: Debt[] = raw.map((x, i) => ({ ...x, id: String(i) }));
        const sorted = sortDebtsByPriority(debts);
        expect([...sorted].sort(byId)).toEqual(debts);
        for (let i = 1; i < sorted.length; i++) {
          const [prev, cur] = [sorted[i - 1]!, sorted[i]!];
          const [rp, rc] = [DEBT_PRIORITY[prev.creditorKind], DEBT_PRIORITY[cur.creditorKind]];
          expect(rp).toBeLessThanOrEqual(rc);
          if (rp === rc) expect(prev.amountOre).toBeGreaterThanOrEqual(cur.amountOre);
        }
        // Rent, if any, always comes first.
        if (debts.some((x) => x.creditorKind === 'rent')) expect(sorted[0]!.creditorKind).toBe('rent');
      }),
    );
  });
});
