import fc from 'fast-check';
import { computeRisk, riskLevelForScore, type RiskInput } from './risk.js';
import { STAGES, stageIndex } from './stages.js';

const inputArb: fc.Arbitrary<RiskInput> = fc.record({
  stage: fc.constantFrom(...STAGES),
  daysLeft: fc.option(fc.integer({ min: -30, max: 60 }), { nil: null }),
  arrearsOre: fc.integer({ min: -100_000, max: 10_000_000 }),
  monthlyRentOre: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
  demandsLast12Months: fc.integer({ min: 0, max: 6 }),
  childrenInHousehold: fc.integer({ min: 0, max: 5 }),
  daysSinceLastContact: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
  daysSinceCaseOpened: fc.integer({ min: 0, max: 120 }),
  brokenPaymentAgreement: fc.boolean(),
});

describe('computeRisk properties', () => {
  const score = (i: RiskInput): number => computeRisk(i).score;

  it('score is 0-100, the capped sum of the listed reasons, every listed reason adds points, level follows score', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRisk(input);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(r.score).toBe(
          Math.min(
            100,
            r.reasons.reduce((s, x) => s + x.points, 0),
          ),
        );
        for (const reason of r.reasons) expect(reason.points).toBeGreaterThan(0);
        expect(new Set(r.reasons.map((x) => x.factor)).size).toBe(r.reasons.length);
        expect(r.level).toBe(riskLevelForScore(r.score));
      }),
    );
  });

  it('more arrears never lowers the score', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 5_000_000 }), (i, more) => {
        expect(score({ ...i, arrearsOre: i.arrearsOre + more })).toBeGreaterThanOrEqual(score(i));
      }),
    );
  });

  it('a higher rent (same arrears) never raises the score', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 1_000_000 }), (i, more) => {
        const rent = (i.monthlyRentOre ?? 0) + more;
        expect(score({ ...i, monthlyRentOre: rent + more })).toBeLessThanOrEqual(score({ ...i, monthlyRentOre: rent }));
      }),
    );
  });

  it('fewer days left never lowers the score', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: -30, max: 60 }), fc.integer({ min: 0, max: 30 }), (i, d, fewer) => {
        expect(score({ ...i, daysLeft: d - fewer })).toBeGreaterThanOrEqual(score({ ...i, daysLeft: d }));
      }),
    );
  });

  it('a later stage never lowers the score', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...STAGES), (i, other) => {
        const [early, late] = stageIndex(i.stage) <= stageIndex(other) ? [i.stage, other] : [other, i.stage];
        expect(score({ ...i, stage: late })).toBeGreaterThanOrEqual(score({ ...i, stage: early }));
      }),
    );
  });

  it('more demands, more children, longer silence or a broken agreement never lower the score', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 }), (i, n, days) => {
        const s = score(i);
        expect(score({ ...i, demandsLast12Months: i.demandsLast12Months + n })).toBeGreaterThanOrEqual(s);
        expect(score({ ...i, childrenInHousehold: i.childrenInHousehold + n })).toBeGreaterThanOrEqual(s);
        if (i.daysSinceLastContact !== null) {
          expect(score({ ...i, daysSinceLastContact: i.daysSinceLastContact + days })).toBeGreaterThanOrEqual(s);
        } else {
          expect(score({ ...i, daysSinceCaseOpened: i.daysSinceCaseOpened + days })).toBeGreaterThanOrEqual(s);
        }
        expect(score({ ...i, brokenPaymentAgreement: true })).toBeGreaterThanOrEqual(s);
      }),
    );
  });
});
