import {
  ACTIVE_REFERRAL_STATUSES,
  AWAITING_ANSWER_STATUSES,
  canTransition,
  isPartnerAnswer,
  isReferralStatus,
  isTerminalReferralStatus,
  nextReferralStatuses,
  PARTNER_ANSWERS,
  REFERRAL_STATUSES,
  referralAnswerDeadline,
  type ReferralStatus,
} from './referral-status.js';

describe('referral statuses', () => {
  it('lists the statuses, answers and groups', () => {
    expect(REFERRAL_STATUSES).toEqual([
      'proposed',
      'sent',
      'acknowledged',
      'accepted',
      'declined',
      'completed',
      'no_show',
      'withdrawn',
      'dismissed',
    ]);
    expect(PARTNER_ANSWERS).toEqual(['acknowledged', 'accepted', 'declined', 'completed', 'no_show']);
    expect(ACTIVE_REFERRAL_STATUSES).toEqual(['proposed', 'sent', 'acknowledged', 'accepted']);
    expect(AWAITING_ANSWER_STATUSES).toEqual(['sent', 'acknowledged']);
    for (const a of PARTNER_ANSWERS) expect(isReferralStatus(a)).toBe(true);
    expect([isReferralStatus('sent'), isReferralStatus('open'), isReferralStatus(null)]).toEqual([true, false, false]);
    expect([isPartnerAnswer('accepted'), isPartnerAnswer('withdrawn'), isPartnerAnswer(1)]).toEqual([true, false, false]);
  });

  // Written out by hand: rows are `from`, columns `to`, in REFERRAL_STATUSES order. 1 = allowed.
  // prettier-ignore
  //                                 pro sen ack acc dec com nos wit dis
  const MATRIX: Record<ReferralStatus, number[]> = {
    proposed: /*                */ [0, 1, 0, 0, 0, 0, 0, 0, 1],
    sent: /*                    */ [0, 0, 1, 1, 1, 0, 0, 1, 0],
    acknowledged: /*            */ [0, 0, 0, 1, 1, 0, 0, 1, 0],
    accepted: /*                */ [0, 0, 0, 0, 0, 1, 1, 1, 0],
    declined: /*                */ [0, 0, 0, 0, 0, 0, 0, 0, 0],
    completed: /*               */ [0, 0, 0, 0, 0, 0, 0, 0, 0],
    no_show: /*                 */ [0, 0, 0, 0, 0, 0, 0, 0, 0],
    withdrawn: /*               */ [0, 0, 0, 0, 0, 0, 0, 0, 0],
    dismissed: /*               */ [0, 0, 0, 0, 0, 0, 0, 0, 0],
  };

  it.each(REFERRAL_STATUSES.map((s) => [s]))('from %s: exactly the documented transitions', (from) => {
    const actual = REFERRAL_STATUSES.map((to) => (canTransition(from, to) ? 1 : 0));
    expect(actual).toEqual(MATRIX[from]);
    expect(nextReferralStatuses(from)).toEqual(REFERRAL_STATUSES.filter((_, i) => MATRIX[from][i] === 1));
    expect(isTerminalReferralStatus(from)).toBe(!ACTIVE_REFERRAL_STATUSES.includes(from));
  });

  it('an unknown status never transitions', () => {
    expect(canTransition('open' as ReferralStatus, 'sent')).toBe(false);
    expect(canTransition('sent', 'open' as ReferralStatus)).toBe(false);
    expect(nextReferralStatuses('open' as ReferralStatus)).toEqual([]);
  });

  it('every partner answer follows from some state awaiting or holding an answer', () => {
    for (const a of PARTNER_ANSWERS) expect(REFERRAL_STATUSES.some((s) => canTransition(s, a))).toBe(true);
  });
});

describe('referralAnswerDeadline', () => {
  it.each([
    // The contract's example: sent Monday 23 November 2026, 5 business days.
    ['2026-11-23', 5, '2026-11-30'],
    // Easter 2027: Skærtorsdag Thu 25 March, Langfredag Fri 26, Påskedag Sun 28, 2. påskedag Mon 29 March.
    ['2027-03-22', 5, '2027-04-01'], // 23, 24, (25-29 off), 30, 31, 1 April
    ['2027-03-19', 5, '2027-03-31'], // Fri: 22, 23, 24, 30, 31
    ['2027-03-24', 1, '2027-03-30'], // the Wednesday before Easter: next business day is the Tuesday after
    ['2027-03-25', 3, '2027-04-01'], // sent on Skærtorsdag itself: the holiday does not count
    // Christmas 2026: 24 (Thu, closed), 25 (Fri), weekend, 31 (Thu, closed), 1 January 2027 (Fri), weekend.
    ['2026-12-21', 5, '2026-12-30'], // 22, 23, 28, 29, 30
    ['2026-12-23', 3, '2026-12-30'], // 28, 29, 30
    ['2026-12-23', 4, '2027-01-04'], // ... then 31 Dec and 1 Jan and the weekend are skipped
    ['2026-12-30', 1, '2027-01-04'],
    ['2026-12-24', 2, '2026-12-29'], // sent on Juleaftensdag: 28, 29
  ])('sent %s, %i business days: answer by %s', (sentOn, days, expected) => {
    expect(referralAnswerDeadline(sentOn, days)).toBe(expected);
  });

  it('zero days is the sending day itself', () => {
    expect(referralAnswerDeadline('2026-12-24', 0)).toBe('2026-12-24');
  });

  it('rejects a malformed date or a negative, fractional or absurd number of days', () => {
    expect(() => referralAnswerDeadline('2026-02-30', 5)).toThrow(RangeError);
    expect(() => referralAnswerDeadline('30-11-2026', 5)).toThrow(RangeError);
    expect(() => referralAnswerDeadline('2026-11-23', -1)).toThrow(RangeError);
    expect(() => referralAnswerDeadline('2026-11-23', 1.5)).toThrow(RangeError);
    expect(() => referralAnswerDeadline('2026-11-23', 251)).toThrow(RangeError);
  });
});
