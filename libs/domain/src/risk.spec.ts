import { applyOverride, computeRisk, riskLevelForScore, type RiskInput } from './risk.js';
import { DEFAULT_RISK_WEIGHTS, RISK_LEVELS, type RiskWeights } from './risk-weights.js';

/** A case that scores only its stage (arrears: 5). */
const quiet: RiskInput = {
  stage: 'arrears',
  daysLeft: null,
  arrearsOre: 0,
  monthlyRentOre: 800_000,
  demandsLast12Months: 0,
  childrenInHousehold: 0,
  daysSinceLastContact: 0,
  daysSinceCaseOpened: 0,
  brokenPaymentAgreement: false,
};

/** Points added to the quiet case by a change. */
const extra = (over: Partial<RiskInput>): number => computeRisk({ ...quiet, ...over }).score - 5;

describe('DEFAULT_RISK_WEIGHTS', () => {
  it('holds the documented numbers', () => {
    expect(DEFAULT_RISK_WEIGHTS).toEqual({
      stage: { arrears: 5, demand: 15, termination: 25, legal: 30, court: 40, eviction_scheduled: 50 },
      urgency: [
        { maxDaysLeft: 3, points: 20 },
        { maxDaysLeft: 7, points: 15 },
        { maxDaysLeft: 14, points: 10 },
        { maxDaysLeft: 21, points: 5 },
      ],
      arrearsMonths: [
        { minMonths: 3, points: 15 },
        { minMonths: 2, points: 10 },
        { minMonths: 1, points: 5 },
      ],
      repeatedDemands: [
        { minCount: 2, points: 10 },
        { minCount: 1, points: 5 },
      ],
      children: 10,
      noContact: [
        { minDays: 30, points: 10 },
        { minDays: 14, points: 5 },
      ],
      brokenAgreement: 10,
      maxScore: 100,
      levels: { medium: 25, high: 50, critical: 75 },
    });
    expect(Object.isFrozen(DEFAULT_RISK_WEIGHTS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RISK_WEIGHTS.stage)).toBe(true);
  });
});

describe('computeRisk: each factor moves the score exactly as documented', () => {
  it('a quiet case scores only its stage', () => {
    expect(computeRisk(quiet)).toEqual({
      score: 5,
      level: 'low',
      reasons: [{ factor: 'stage', points: 5, detail: { stage: 'arrears' } }],
    });
  });

  it.each([
    ['arrears', 5],
    ['demand', 15],
    ['termination', 25],
    ['legal', 30],
    ['court', 40],
    ['eviction_scheduled', 50],
  ] as const)('stage %s: %i points', (stage, points) => {
    expect(computeRisk({ ...quiet, stage }).score).toBe(points);
  });

  it.each([
    [null, 0],
    [-10, 20],
    [0, 20],
    [3, 20],
    [4, 15],
    [7, 15],
    [8, 10],
    [14, 10],
    [15, 5],
    [21, 5],
    [22, 0],
    [365, 0],
  ])('urgency: %s days left → +%i', (daysLeft, points) => {
    expect(extra({ daysLeft })).toBe(points);
  });

  it('urgency reason names the tier', () => {
    expect(computeRisk({ ...quiet, daysLeft: 6 }).reasons[1]).toEqual({
      factor: 'urgency',
      points: 15,
      detail: { daysLeft: 6, maxDaysLeft: 7 },
    });
  });

  it.each([
    [0, 0],
    [799_999, 0],
    [800_000, 5], // exactly one month
    [1_599_999, 5],
    [1_600_000, 10],
    [2_399_999, 10],
    [2_400_000, 15],
    [10_000_000, 15],
    [-500_000, 0], // a credit
  ])('arrears ratio: %i øre against 8.000 kr. rent → +%i', (arrearsOre, points) => {
    expect(extra({ arrearsOre })).toBe(points);
  });

  it('arrears ratio reason shows the months', () => {
    expect(computeRisk({ ...quiet, arrearsOre: 2_000_000 }).reasons[1]).toEqual({
      factor: 'arrears_ratio',
      points: 10,
      detail: { arrearsOre: 2_000_000, monthlyRentOre: 800_000, months: 2.5, minMonths: 2 },
    });
  });

  it('arrears ratio scores nothing when the rent is unknown or zero', () => {
    expect(extra({ arrearsOre: 5_000_000, monthlyRentOre: null })).toBe(0);
    expect(extra({ arrearsOre: 5_000_000, monthlyRentOre: 0 })).toBe(0);
  });

  it.each([
    [0, 0],
    [1, 5],
    [2, 10],
    [7, 10],
  ])('repeated demands: %i in 12 months → +%i', (demandsLast12Months, points) => {
    expect(extra({ demandsLast12Months })).toBe(points);
  });

  it.each([
    [0, 0],
    [1, 10],
    [4, 10],
  ])('children: %i → +%i', (childrenInHousehold, points) => {
    expect(extra({ childrenInHousehold })).toBe(points);
  });

  it.each([
    [0, 0, 0],
    [13, 100, 0],
    [14, 0, 5],
    [29, 0, 5],
    [30, 0, 10],
    [200, 0, 10],
  ])('no contact: %i days since last contact → +%i', (daysSinceLastContact, daysSinceCaseOpened, points) => {
    expect(extra({ daysSinceLastContact, daysSinceCaseOpened })).toBe(points);
  });

  it('never contacted: the streak runs from the case opening', () => {
    expect(extra({ daysSinceLastContact: null, daysSinceCaseOpened: 5 })).toBe(0);
    expect(extra({ daysSinceLastContact: null, daysSinceCaseOpened: 14 })).toBe(5);
    expect(computeRisk({ ...quiet, daysSinceLastContact: null, daysSinceCaseOpened: 40 }).reasons[1]).toEqual({
      factor: 'no_contact',
      points: 10,
      detail: { days: 40, neverContacted: true, minDays: 30 },
    });
  });

  it('broken payment agreement: +10', () => {
    expect(extra({ brokenPaymentAgreement: true })).toBe(10);
    expect(computeRisk({ ...quiet, brokenPaymentAgreement: true }).reasons[1]).toEqual({
      factor: 'broken_agreement',
      points: 10,
      detail: {},
    });
  });

  it('everything at once: reasons in fixed order, full points listed, score capped at 100', () => {
    const r = computeRisk({
      stage: 'eviction_scheduled',
      daysLeft: 2,
      arrearsOre: 3_000_000,
      monthlyRentOre: 800_000,
      demandsLast12Months: 3,
      childrenInHousehold: 2,
      daysSinceLastContact: null,
      daysSinceCaseOpened: 45,
      brokenPaymentAgreement: true,
    });
    expect(r.reasons.map((x) => [x.factor, x.points])).toEqual([
      ['stage', 50],
      ['urgency', 20],
      ['arrears_ratio', 15],
      ['repeated_demands', 10],
      ['children', 10],
      ['no_contact', 10],
      ['broken_agreement', 10],
    ]);
    expect(r.score).toBe(100);
    expect(r.level).toBe('critical');
  });

  it('a realistic demand-stage family case', () => {
    // demand 15 + 6 days left 15 + 1.5 months 5 + children 10 = 45 → medium
    const r = computeRisk({ ...quiet, stage: 'demand', daysLeft: 6, arrearsOre: 1_200_000, childrenInHousehold: 1 });
    expect(r.score).toBe(45);
    expect(r.level).toBe('medium');
  });

  it('uses custom weights, omitting factors that then add nothing', () => {
    const weights: RiskWeights = { ...DEFAULT_RISK_WEIGHTS, children: 0, maxScore: 60, levels: { medium: 10, high: 20, critical: 30 } };
    const r = computeRisk({ ...quiet, stage: 'court', childrenInHousehold: 3, brokenPaymentAgreement: true }, weights);
    expect(r.reasons.map((x) => x.factor)).toEqual(['stage', 'broken_agreement']);
    expect(r.score).toBe(50);
    expect(r.level).toBe('critical');
    expect(computeRisk({ ...quiet, stage: 'eviction_scheduled', daysLeft: 0 }, weights).score).toBe(60);
  });

  it('rejects impossible input', () => {
    expect(() => computeRisk({ ...quiet, stage: 'closed' as never })).toThrow(RangeError);
    expect(() => computeRisk({ ...quiet, arrearsOre: 1.5 })).toThrow(RangeError);
    expect(() => computeRisk({ ...quiet, daysLeft: 2.5 })).toThrow(RangeError);
    expect(() => computeRisk({ ...quiet, demandsLast12Months: -1 })).toThrow(RangeError);
    expect(() => computeRisk({ ...quiet, childrenInHousehold: 0.5 })).toThrow(RangeError);
    expect(() => computeRisk({ ...quiet, daysSinceLastContact: -3 })).toThrow(RangeError);
    expect(() => computeRisk({ ...quiet, daysSinceCaseOpened: Number.NaN })).toThrow(RangeError);
  });
});

describe('riskLevelForScore', () => {
  it.each([
    [0, 'low'],
    [24, 'low'],
    [25, 'medium'],
    [49, 'medium'],
    [50, 'high'],
    [74, 'high'],
    [75, 'critical'],
    [100, 'critical'],
  ])('%i → %s', (score, level) => {
    expect(riskLevelForScore(score)).toBe(level);
  });
});

describe('applyOverride', () => {
  const computed = computeRisk({ ...quiet, stage: 'demand', daysLeft: 2 }); // 35 → medium

  it('sets the level and keeps score, reasons and the computed level', () => {
    const o = applyOverride(computed, { level: 'critical', reason: '  Lejer har meldt flytning, børn i hjemmet  ' });
    expect(o).toEqual({
      ...computed,
      level: 'critical',
      computedLevel: 'medium',
      override: { level: 'critical', reason: 'Lejer har meldt flytning, børn i hjemmet' },
    });
    expect(computed.level).toBe('medium'); // the input is not mutated
  });

  it('overriding again keeps the original computed level', () => {
    const twice = applyOverride(applyOverride(computed, { level: 'critical', reason: 'a' }), { level: 'low', reason: 'b' });
    expect(twice.level).toBe('low');
    expect(twice.computedLevel).toBe('medium');
    expect(twice.override.reason).toBe('b');
  });

  it('needs a reason and a known level', () => {
    expect(() => applyOverride(computed, { level: 'high', reason: '   ' })).toThrow(/reason/);
    expect(() => applyOverride(computed, { level: 'extreme' as never, reason: 'x' })).toThrow(/unknown risk level/);
    for (const level of RISK_LEVELS) expect(applyOverride(computed, { level, reason: 'x' }).level).toBe(level);
  });
});
