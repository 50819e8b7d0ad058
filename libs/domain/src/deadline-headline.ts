/**
 * The short Danish headline for the deadline clock ("Ophævelse mulig om 3 hverdage"), shown in lists and on
 * the case page. Kept beside the domain so the API, the weekly mail and the UI all say the same thing.
 */
import type { NextStep, NextStepKind } from './deadline-clock.js';

const PHRASES: Readonly<Record<NextStepKind, { noun: string; soon: string; today: string }>> = {
  demand: { noun: 'Påkrav', soon: 'Påkrav muligt', today: 'Påkrav muligt fra i morgen' },
  termination: { noun: 'Ophævelse', soon: 'Ophævelse mulig', today: 'Ophævelse mulig fra i morgen' },
  legal: { noun: 'Overdragelse til advokat', soon: 'Overdragelse til advokat', today: 'Overdragelse til advokat i dag' },
  court: { noun: 'Begæring til fogedretten', soon: 'Begæring til fogedretten', today: 'Begæring til fogedretten i dag' },
  eviction: { noun: 'Udsættelse', soon: 'Udsættelse', today: 'Udsættelse i dag' },
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Headline for a computed next step. Deadlines count hverdage, since that is the working time left to help;
 * an eviction is a fixed date, so it counts calendar days. When no business day is left before a date that is
 * still ahead (a weekend), calendar days are used instead of "0 hverdage".
 */
export function formatDaysLeftDa(result: NextStep): string {
  const p = PHRASES[result.step];
  const suffix = result.estimated ? ' (skøn)' : '';
  if (result.dueDate === null || result.daysLeft === null) return `${p.noun}: dato ukendt`;
  if (result.overdue) {
    const ago = plural(-result.daysLeft, 'dag', 'dage');
    return result.step === 'eviction'
      ? `Udsættelsesdato passeret for ${ago} siden${suffix}`
      : `Frist overskredet for ${ago} siden${suffix}`;
  }
  if (result.daysLeft === 0) return `${p.today}${suffix}`;
  const business = result.businessDaysLeft ?? 0;
  const span =
    result.step !== 'eviction' && business > 0 ? plural(business, 'hverdag', 'hverdage') : plural(result.daysLeft, 'dag', 'dage');
  return `${p.soon} om ${span}${suffix}`;
}
