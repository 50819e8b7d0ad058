import fc from 'fast-check';
import { businessDaysBetween, isBusinessDay } from './business-days.js';
import { addCalendarDays, calendarDaysBetween } from './calendar-date.js';
import {
  computeNextStep,
  DEFAULT_STAGE_TIMINGS,
  demandDeadline,
  lastDayBeforeDemand,
  resolveTimings,
  type NextStepInput,
} from './deadline-clock.js';
import { STAGES } from './stages.js';

const dateArb = fc
  .date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('DEFAULT_STAGE_TIMINGS', () => {
  it('holds the documented defaults and cannot be mutated', () => {
    expect(DEFAULT_STAGE_TIMINGS).toEqual({
      demandEarliestAfterBusinessDays: 3,
      demandArrivalBusinessDays: 1,
      demandDeadlineCalendarDays: 14,
      terminationToLegalCalendarDays: 10,
      legalToCourtCalendarDays: 10,
      courtToEvictionCalendarDays: 21,
    });
    expect(Object.isFrozen(DEFAULT_STAGE_TIMINGS)).toBe(true);
  });

  it('resolveTimings merges overrides and rejects nonsense', () => {
    expect(resolveTimings({ demandArrivalBusinessDays: 3 }).demandArrivalBusinessDays).toBe(3);
    expect(resolveTimings({ demandArrivalBusinessDays: undefined })).toEqual(DEFAULT_STAGE_TIMINGS);
    expect(() => resolveTimings({ demandDeadlineCalendarDays: -1 })).toThrow(RangeError);
    expect(() => resolveTimings({ demandDeadlineCalendarDays: 1.5 })).toThrow(RangeError);
    expect(() => resolveTimings({ bogus: 3 } as never)).toThrow(/unknown timing bogus/);
  });
});

describe('demandDeadline', () => {
  it.each([
    // Easter 2026: 2-6 April are off (Thu, Fri, Sat, Sun, Mon)
    ['2026-03-17', '2026-04-01', 'arrives Wed 18/3, +14 = Wed 1/4'],
    ['2026-03-18', '2026-04-07', '+14 lands on Skærtorsdag → Tue after Easter'],
    ['2026-03-19', '2026-04-07', '+14 lands on Langfredag'],
    ['2026-03-20', '2026-04-07', 'sent Fri, arrives Mon 23/3, +14 = 2. påskedag'],
    // Easter 2027 (28 March, same weekend as DST)
    ['2027-03-10', '2027-03-30', '+14 lands on Skærtorsdag 2027'],
    // Christmas and New Year 2026/27
    ['2026-12-09', '2026-12-28', '+14 lands on Juleaftensdag'],
    ['2026-12-11', '2026-12-28', 'sent Fri, arrives Mon 14/12, +14 = Mon 28/12'],
    ['2026-12-16', '2027-01-04', '+14 lands on Nytårsaftensdag, then Nytårsdag and a weekend'],
    // weekends and DST
    ['2026-03-14', '2026-03-30', 'sent Sat, arrives Mon 16/3, +14 = Mon 30/3 (after DST starts)'],
    ['2026-10-07', '2026-10-22', 'plain case across nothing'],
    ['2026-10-09', '2026-10-26', 'sent Fri, arrives Mon 12/10, +14 = Mon 26/10 (after DST ends)'],
    ['2026-10-06', '2026-10-21', 'Tue → arrives Wed 7/10 → Wed 21/10'],
    ['2026-10-01', '2026-10-16', 'Thu → Fri 2/10 → Fri 16/10'],
    ['2026-09-30', '2026-10-15', ''],
    ['2026-10-02', '2026-10-19', 'Fri → Mon 5/10 → Mon 19/10'],
    ['2026-09-29', '2026-10-14', ''],
    ['2026-10-03', '2026-10-19', 'Sat → Mon 5/10'],
    // Kristi himmelfart, pinse, Grundlovsdag 2026
    ['2026-04-29', '2026-05-15', '+14 lands on Kristi himmelfartsdag'],
    ['2026-05-10', '2026-05-26', '+14 lands on 2. pinsedag'],
    ['2026-05-21', '2026-06-08', '+14 lands on Grundlovsdag (Fri)'],
  ])('sent %s → last day to pay %s (%s)', (sent, expected) => {
    expect(demandDeadline(sent)).toBe(expected);
  });

  it('uses the configured arrival time and deadline length', () => {
    expect(demandDeadline('2026-03-17', { demandArrivalBusinessDays: 0 })).toBe('2026-03-31');
    expect(demandDeadline('2026-03-17', { demandArrivalBusinessDays: 3 })).toBe('2026-04-07'); // Fri 20/3 + 14 = Langfredag
    expect(demandDeadline('2026-03-17', { demandDeadlineCalendarDays: 7 })).toBe('2026-03-25');
  });

  it('rejects an invalid date', () => {
    expect(() => demandDeadline('2026-02-30')).toThrow(/demandSentDate/);
  });

  it('property: a business day at least 15 days after sending, never before arrival + 14', () => {
    fc.assert(
      fc.property(dateArb, (sent) => {
        const deadline = demandDeadline(sent);
        expect(isBusinessDay(deadline)).toBe(true);
        expect(calendarDaysBetween(sent, deadline)).toBeGreaterThanOrEqual(15);
        // Arrival is at most a week away even around Easter and Christmas; the roll-forward adds at most a few days.
        expect(calendarDaysBetween(sent, deadline)).toBeLessThanOrEqual(14 + 7 + 6);
      }),
    );
  });

  it('property: sending later never gives an earlier deadline', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 30 }), (sent, later) => {
        expect(demandDeadline(addCalendarDays(sent, later)) >= demandDeadline(sent)).toBe(true);
      }),
    );
  });
});

describe('lastDayBeforeDemand', () => {
  it.each([
    ['2026-04-01', '2026-04-09', 'Wed before Easter: 7, 8, 9 April'],
    ['2026-03-01', '2026-03-05', 'Sunday due date rolls to Monday first'],
    ['2026-06-01', '2026-06-04', ''],
    ['2026-06-02', '2026-06-08', 'Grundlovsdag skipped'],
    ['2026-12-01', '2026-12-04', ''],
    ['2027-01-01', '2027-01-07', 'Nytårsdag rolls to Mon 4/1'],
    ['2026-05-01', '2026-05-06', '1 May is a business day'],
    ['2026-12-21', '2026-12-28', '22, 23, (24-27 off), 28'],
  ])('rent due %s → påkrav possible after %s (%s)', (due, expected) => {
    expect(lastDayBeforeDemand(due)).toBe(expected);
  });

  it('property: a business day at least 3 business days after the due date', () => {
    fc.assert(
      fc.property(dateArb, (due) => {
        const r = lastDayBeforeDemand(due);
        expect(isBusinessDay(r)).toBe(true);
        expect(businessDaysBetween(due, r)).toBeGreaterThanOrEqual(3);
        expect(businessDaysBetween(due, r)).toBeLessThanOrEqual(4); // 4 when the due date itself was rolled
      }),
    );
  });
});

describe('computeNextStep', () => {
  const base = { today: '2026-04-01' } as const;

  it('arrears → demand, after the 3rd business day past the oldest due date (across Easter)', () => {
    expect(computeNextStep({ ...base, stage: 'arrears', oldestDueDate: '2026-04-01' })).toEqual({
      step: 'demand',
      dueDate: '2026-04-09',
      daysLeft: 8,
      businessDaysLeft: 3,
      overdue: false,
      estimated: false,
      basis: 'påkrav may be sent after business day 3 after due date 2026-04-01',
    });
  });

  it('arrears overdue: counts back in calendar and business days', () => {
    const r = computeNextStep({ stage: 'arrears', today: '2026-04-15', oldestDueDate: '2026-04-01' });
    expect(r).toMatchObject({ dueDate: '2026-04-09', daysLeft: -6, businessDaysLeft: -4, overdue: true });
  });

  it('arrears with unknown due date has no date', () => {
    expect(computeNextStep({ ...base, stage: 'arrears' })).toEqual({
      step: 'demand',
      dueDate: null,
      daysLeft: null,
      businessDaysLeft: null,
      overdue: false,
      estimated: false,
      basis: 'oldest due date unknown',
    });
  });

  it('demand → termination at the påkrav deadline', () => {
    const input: NextStepInput = { stage: 'demand', today: '2026-03-30', demandSentDate: '2026-03-20' };
    expect(computeNextStep(input)).toMatchObject({
      step: 'termination',
      dueDate: '2026-04-07',
      daysLeft: 8,
      businessDaysLeft: 3, // 31/3, 1/4, 7/4
      overdue: false,
      estimated: false,
    });
    expect(computeNextStep(input).basis).toMatch(/påkrav sent 2026-03-20/);
    expect(computeNextStep({ ...input, today: '2026-04-07' })).toMatchObject({ daysLeft: 0, businessDaysLeft: 0, overdue: false });
    expect(computeNextStep({ ...input, today: '2026-04-08' })).toMatchObject({ daysLeft: -1, businessDaysLeft: -1, overdue: true });
  });

  it('demand honours timing overrides', () => {
    const r = computeNextStep({
      stage: 'demand',
      today: '2026-03-17',
      demandSentDate: '2026-03-17',
      timings: { demandArrivalBusinessDays: 0 },
    });
    expect(r.dueDate).toBe('2026-03-31');
  });

  it('demand without a sent date has no date', () => {
    expect(computeNextStep({ stage: 'demand', today: '2026-03-17', demandSentDate: null })).toMatchObject({
      step: 'termination',
      dueDate: null,
      daysLeft: null,
    });
  });

  it('termination → legal, an estimate 10 days after termination (across Christmas)', () => {
    const r = computeNextStep({ stage: 'termination', today: '2026-12-22', terminationDate: '2026-12-20' });
    expect(r).toMatchObject({
      step: 'legal',
      dueDate: '2026-12-30',
      daysLeft: 8,
      businessDaysLeft: 4, // 23, 28, 29, 30 December
      estimated: true,
    });
    expect(r.basis).toMatch(/^estimate: termination 2026-12-20 \+ 10 days/);
  });

  it('legal → court: from the hand-over if known, else from the termination', () => {
    const withHandover = computeNextStep({
      stage: 'legal',
      today: '2026-04-01',
      terminationDate: '2026-03-15',
      legalHandoverDate: '2026-03-25',
    });
    expect(withHandover).toMatchObject({ step: 'court', dueDate: '2026-04-04', daysLeft: 3, businessDaysLeft: 0, estimated: true });
    expect(withHandover.basis).toMatch(/lawyer hand-over 2026-03-25/);
    const fromTermination = computeNextStep({ stage: 'legal', today: '2026-04-01', terminationDate: '2026-03-15' });
    expect(fromTermination).toMatchObject({ dueDate: '2026-03-25', overdue: true, daysLeft: -7 });
    expect(computeNextStep({ stage: 'legal', today: '2026-04-01' })).toMatchObject({ step: 'court', dueDate: null });
  });

  it('court → eviction: the scheduled date when known, else an estimate from the filing', () => {
    expect(
      computeNextStep({ stage: 'court', today: '2026-05-08', courtFiledDate: '2026-04-20', evictionDate: '2026-05-20' }),
    ).toMatchObject({ step: 'eviction', dueDate: '2026-05-20', daysLeft: 12, estimated: false, basis: 'scheduled eviction date' });
    const est = computeNextStep({ stage: 'court', today: '2026-05-08', courtFiledDate: '2026-04-20' });
    expect(est).toMatchObject({ step: 'eviction', dueDate: '2026-05-11', daysLeft: 3, estimated: true });
    expect(est.basis).toContain('estimate');
    expect(computeNextStep({ stage: 'court', today: '2026-05-08' })).toMatchObject({ dueDate: null });
  });

  it('eviction_scheduled → eviction at the eviction date', () => {
    expect(computeNextStep({ stage: 'eviction_scheduled', today: '2026-05-20', evictionDate: '2026-05-20' })).toMatchObject({
      step: 'eviction',
      dueDate: '2026-05-20',
      daysLeft: 0,
      overdue: false,
    });
    expect(computeNextStep({ stage: 'eviction_scheduled', today: '2026-05-21', courtFiledDate: '2026-04-20' })).toMatchObject({
      dueDate: '2026-05-11',
      estimated: true,
      overdue: true,
    });
  });

  it('validates its dates', () => {
    expect(() => computeNextStep({ stage: 'arrears', today: '2026-13-01' })).toThrow(/today/);
    expect(() => computeNextStep({ stage: 'demand', today: '2026-03-01', demandSentDate: '1/3/2026' })).toThrow(/demandSentDate/);
    // Dates irrelevant to the stage are still checked, so bad data surfaces early.
    expect(() => computeNextStep({ stage: 'arrears', today: '2026-03-01', evictionDate: 'soon' })).toThrow(/evictionDate/);
    expect(() => computeNextStep({ stage: 'closed' as never, today: '2026-03-01' })).toThrow(/unknown stage/);
  });

  it('property: days left, business days left and overdue agree with each other', () => {
    const optDate = fc.option(dateArb, { nil: null });
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        dateArb,
        fc.record({
          oldestDueDate: optDate,
          demandSentDate: optDate,
          terminationDate: optDate,
          legalHandoverDate: optDate,
          courtFiledDate: optDate,
          evictionDate: optDate,
        }),
        (stage, today, dates) => {
          const r = computeNextStep({ stage, today, ...dates });
          if (r.dueDate === null) {
            expect([r.daysLeft, r.businessDaysLeft, r.overdue]).toEqual([null, null, false]);
            return;
          }
          expect(r.daysLeft).toBe(calendarDaysBetween(today, r.dueDate));
          expect(r.businessDaysLeft).toBe(businessDaysBetween(today, r.dueDate));
          expect(r.overdue).toBe(r.daysLeft! < 0);
          expect(Math.abs(r.businessDaysLeft!)).toBeLessThanOrEqual(Math.abs(r.daysLeft!));
          if (r.overdue) expect(r.businessDaysLeft!).toBeLessThanOrEqual(0);
          else expect(r.businessDaysLeft!).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
