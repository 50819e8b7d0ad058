import * as domain from '@forebyg/domain';

describe('@forebyg/domain public API', () => {
  it('exports the functions other libs code against', () => {
    const functions = [
      'parseCpr',
      'maskCpr',
      'formatCpr',
      'containsCpr',
      'redactCpr',
      'parseDanishMoney',
      'formatDanishMoney',
      'addOre',
      'sumOre',
      'kronerToOre',
      'checkPassword',
      'isBusinessDay',
      'addBusinessDays',
      'businessDaysBetween',
      'addCalendarDays',
      'todayInCopenhagen',
      'danishHolidays',
      'nextBusinessDayOnOrAfter',
      'parseDanishDate',
      'isIsoDate',
      'calendarDaysBetween',
      'planStageChange',
      'stageIndex',
      'nextStage',
      'isStage',
      'isCaseOutcome',
      'computeNextStep',
      'demandDeadline',
      'formatDaysLeftDa',
      'computeRisk',
      'applyOverride',
      'riskLevelForScore',
      'computeBudget',
      'toMonthlyOre',
      'sortDebtsByPriority',
    ];
    for (const name of functions) expect([name, typeof (domain as Record<string, unknown>)[name]]).toEqual([name, 'function']);
  });

  it('exports the constants', () => {
    expect(domain.PASSWORD_MIN_LENGTH).toBe(12);
    expect(domain.STAGES).toHaveLength(6);
    expect(domain.CASE_OUTCOMES).toHaveLength(8);
    expect(Object.keys(domain.STAGE_LABELS)).toHaveLength(6);
    expect(Object.keys(domain.CASE_OUTCOME_LABELS)).toHaveLength(8);
    expect(domain.DEFAULT_STAGE_TIMINGS.demandDeadlineCalendarDays).toBe(14);
    expect(domain.DEFAULT_RISK_WEIGHTS.maxScore).toBe(100);
    expect(domain.DEBT_PRIORITY.rent).toBe(1);
  });
});
