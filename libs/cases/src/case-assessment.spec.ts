import { businessDaysBetween } from '@forebyg/domain';
import { assessCase, nextStepView, riskRank, type CaseFacts } from './case-assessment.js';

const base: CaseFacts = {
  stage: 'demand',
  openedAt: new Date('2026-03-01T08:00:00Z'),
  arrearsOre: 650000,
  monthlyRentOre: 650000,
  oldestDueDate: '2026-03-01',
  demandSentDate: '2026-03-18',
  terminationDate: null,
  legalHandoverDate: null,
  courtFiledDate: null,
  evictionDate: null,
  childrenInHousehold: 0,
  lastContactAt: null,
  demandsLast12Months: 1,
  brokenPaymentAgreement: false,
  riskOverrideLevel: null,
  riskOverrideReason: null,
};

describe('assessCase', () => {
  it('puts the clock and the risk of a case together from the facts on its row', () => {
    const a = assessCase(base, '2026-03-30');
    // Påkrav 18 March → arrival 19 March → 2 April is Skærtorsdag → first business day after Easter: 7 April.
    expect(a.nextStep).toMatchObject({ step: 'termination', dueDate: '2026-04-07', daysLeft: 8 });
    // demand 15 + ≤14 days 10 + 1 month 5 + 1 påkrav 5 + 29 days silent 5 = 40
    expect(a.risk).toMatchObject({ score: 40, level: 'medium' });
    expect(a.riskRank).toBe(1040);
  });

  it('counts silence from the last contact, or from the opening when there was none', () => {
    const silent = assessCase({ ...base, openedAt: new Date('2026-01-01T08:00:00Z') }, '2026-03-30');
    const reached = assessCase({ ...base, openedAt: new Date('2026-01-01T08:00:00Z'), lastContactAt: new Date('2026-03-29T12:00:00Z') }, '2026-03-30');
    expect(silent.risk.reasons.find((r) => r.factor === 'no_contact')).toMatchObject({ points: 10 });
    expect(reached.risk.reasons.find((r) => r.factor === 'no_contact')).toBeUndefined();
  });

  it('an override sets the level, keeps the score and the computed level, and ranks by the level first', () => {
    const a = assessCase({ ...base, riskOverrideLevel: 'critical', riskOverrideReason: 'Syg, alene med tre børn' }, '2026-03-30');
    expect(a.risk).toMatchObject({ level: 'critical', computedLevel: 'medium', score: 40 });
    expect(a.riskRank).toBe(3040);
    expect(riskRank('critical', 0)).toBeGreaterThan(riskRank('high', 100));
  });
});

describe('nextStepView', () => {
  it('counts days from today against the stored due date and words the headline in Danish', () => {
    expect(nextStepView('termination', '2026-04-07', false, '2026-03-30', businessDaysBetween)).toEqual({
      step: 'termination',
      dueDate: '2026-04-07',
      daysLeft: 8,
      businessDaysLeft: 3,
      overdue: false,
      estimated: false,
      headline: 'Ophævelse mulig om 3 hverdage',
    });
    expect(nextStepView('eviction', '2026-03-28', false, '2026-03-30', businessDaysBetween)).toMatchObject({ overdue: true, daysLeft: -2 });
    expect(nextStepView(null, null, false, '2026-03-30', businessDaysBetween)).toBeNull();
    expect(nextStepView('demand', null, false, '2026-03-30', businessDaysBetween)?.headline).toBe('Påkrav: dato ukendt');
  });
});
