/**
 * A referral's life: proposed by routing (or a counsellor), sent to the partner, answered by the partner, and
 * ended by the partner's outcome, by the counsellor withdrawing it, or by dismissing a proposal never sent.
 */
import { addBusinessDays } from './business-days.js';
import { assertIsoDate } from './calendar-date.js';

// The statuses and their transitions are in a dependency-free file the web UI imports.
export * from './referral-transitions.js';

/**
 * The day a partner should have answered by: `answerBusinessDays` Danish business days after the day the
 * referral was sent (weekends, holidays and the office-closed days skipped; the sending day never counts).
 */
export function referralAnswerDeadline(sentOn: string, answerBusinessDays: number): string {
  assertIsoDate(sentOn, 'sentOn');
  if (!Number.isInteger(answerBusinessDays) || answerBusinessDays < 0 || answerBusinessDays > 250) {
    throw new RangeError(`answerBusinessDays must be a whole number 0-250, got ${answerBusinessDays}`);
  }
  return addBusinessDays(sentOn, answerBusinessDays);
}
