import { copenhagenInstant, DEFAULT_REMINDER_SETTINGS, planReminders, type ReminderCaseFacts } from './reminders.js';

const base: ReminderCaseFacts = {
  status: 'open',
  openedOn: '2026-03-30',
  counsellorId: 'c1',
  caseworkerId: 'w1',
  hasReachedContact: false,
  demandDeadline: null,
  evictionDate: null,
  openTasks: [],
  pendingInstalments: [],
};

describe('planReminders', () => {
  it('a closed case wants none', () => {
    expect(planReminders({ ...base, status: 'closed', openTasks: [{ id: 't', dueDate: '2026-04-01', assigneeId: 'x' }] })).toEqual([]);
  });

  it('a task reminds its assignee on its due day, else the case owner', () => {
    const r = planReminders({
      ...base,
      hasReachedContact: true,
      openTasks: [
        { id: 't1', dueDate: '2026-04-10', assigneeId: 'u9' },
        { id: 't2', dueDate: '2026-04-11', assigneeId: null },
      ],
    });
    expect(r).toEqual([
      { kind: 'task_due', subjectKey: 't1', recipientId: 'u9', dueDate: '2026-04-10' },
      { kind: 'task_due', subjectKey: 't2', recipientId: 'c1', dueDate: '2026-04-11' },
    ]);
  });

  it('the påkrav deadline is reminded 3 business days before, counted around Easter', () => {
    // Deadline Tuesday 7 April 2026: back over 2. påskedag, the Easter weekend, Langfredag and Skærtorsdag,
    // the three business days are 1 April, 31 March and 30 March.
    const r = planReminders({ ...base, hasReachedContact: true, demandDeadline: '2026-04-07' });
    expect(r).toEqual([{ kind: 'demand_deadline', subjectKey: '2026-04-07', recipientId: 'c1', dueDate: '2026-03-30' }]);
  });

  it('a scheduled eviction is reminded 21, 14 and 7 days before', () => {
    const r = planReminders({ ...base, hasReachedContact: true, evictionDate: '2026-12-28' });
    expect(r.map((x) => [x.kind, x.dueDate])).toEqual([
      ['eviction_approaching', '2026-12-07'],
      ['eviction_approaching', '2026-12-14'],
      ['eviction_approaching', '2026-12-21'],
    ]);
  });

  it('an instalment not registered as paid is reminded the business day after its due date', () => {
    // Due Thursday 24 December 2026 (not a business day): rolled to Monday 28th, reminded Tuesday 29th.
    const r = planReminders({ ...base, hasReachedContact: true, pendingInstalments: [{ id: 'i1', seq: 1, dueDate: '2026-12-24' }] });
    expect(r).toEqual([{ kind: 'instalment_missed', subjectKey: 'i1', recipientId: 'c1', dueDate: '2026-12-29' }]);
  });

  it('no two-way contact within 5 business days of opening reminds the owner; a contact cancels it', () => {
    // Opened Monday 30 March 2026: 31 March, 1, 7, 8 and 9 April (Easter in between).
    expect(planReminders(base)).toEqual([{ kind: 'no_contact', subjectKey: '2026-03-30', recipientId: 'c1', dueDate: '2026-04-09' }]);
    expect(planReminders({ ...base, hasReachedContact: true })).toEqual([]);
  });

  it('without a counsellor the caseworker is the owner; with neither only assigned tasks remind', () => {
    expect(planReminders({ ...base, counsellorId: null })[0]?.recipientId).toBe('w1');
    expect(planReminders({ ...base, counsellorId: null, caseworkerId: null, demandDeadline: '2026-04-20' })).toEqual([]);
  });

  it('a referral not answered by its last day reminds the owner the business day after, over a holiday weekend', () => {
    // Answer by Thursday 2 April 2026 (Skærtorsdag is a holiday, so is Langfredag, then Easter): the next business
    // day on or after the deadline is Tuesday 7 April; the reminder comes the business day after that.
    const r = planReminders({ ...base, hasReachedContact: true, awaitingReferrals: [{ id: 'r1', answerBy: '2026-04-02' }] });
    expect(r).toEqual([{ kind: 'referral_unanswered', subjectKey: 'r1', recipientId: 'c1', dueDate: '2026-04-08' }]);
    const normal = planReminders({ ...base, hasReachedContact: true, awaitingReferrals: [{ id: 'r2', answerBy: '2026-04-21' }] });
    expect(normal).toEqual([{ kind: 'referral_unanswered', subjectKey: 'r2', recipientId: 'c1', dueDate: '2026-04-22' }]);
  });

  it('the defaults are the documented ones', () => {
    expect(DEFAULT_REMINDER_SETTINGS).toEqual({ demandDeadlineBusinessDaysBefore: 3, evictionDaysBefore: [21, 14, 7], noContactBusinessDays: 5, hour: 8 });
  });
});

describe('copenhagenInstant', () => {
  it.each([
    ['2026-01-15', 8, '2026-01-15T07:00:00.000Z'], // winter, UTC+1
    ['2026-07-15', 8, '2026-07-15T06:00:00.000Z'], // summer, UTC+2
    ['2026-03-29', 8, '2026-03-29T06:00:00.000Z'], // the day DST starts (02:00 → 03:00)
    ['2026-10-25', 8, '2026-10-25T07:00:00.000Z'], // the day DST ends (03:00 → 02:00)
    ['2026-03-29', 2, '2026-03-29T01:00:00.000Z'], // 02:00 does not exist: moved forward to 03:00 local
    ['2026-10-25', 2, '2026-10-25T00:00:00.000Z'], // 02:00 happens twice: the first one (still summer time)
    ['2026-12-28', 7, '2026-12-28T06:00:00.000Z'], // Monday of ISO week 53
  ])('%s %d:00 Copenhagen is %s', (date, hour, expected) => {
    expect(copenhagenInstant(date, hour).toISOString()).toBe(expected);
  });
});
