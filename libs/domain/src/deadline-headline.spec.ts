import { computeNextStep, type NextStep } from './deadline-clock.js';
import { formatDaysLeftDa } from './deadline-headline.js';

const step = (over: Partial<NextStep>): NextStep => ({
  step: 'termination',
  dueDate: '2026-04-07',
  daysLeft: 8,
  businessDaysLeft: 3,
  overdue: false,
  estimated: false,
  basis: '',
  ...over,
});

describe('formatDaysLeftDa', () => {
  it('counts hverdage for deadlines', () => {
    expect(formatDaysLeftDa(step({}))).toBe('Ophævelse mulig om 3 hverdage');
    expect(formatDaysLeftDa(step({ businessDaysLeft: 1, daysLeft: 1 }))).toBe('Ophævelse mulig om 1 hverdag');
    expect(formatDaysLeftDa(step({ step: 'demand' }))).toBe('Påkrav muligt om 3 hverdage');
  });

  it('counts calendar days for an eviction', () => {
    expect(formatDaysLeftDa(step({ step: 'eviction', daysLeft: 12, businessDaysLeft: 8 }))).toBe('Udsættelse om 12 dage');
    expect(formatDaysLeftDa(step({ step: 'eviction', daysLeft: 1, businessDaysLeft: 1 }))).toBe('Udsættelse om 1 dag');
  });

  it('falls back to calendar days when no business day is left before the date', () => {
    expect(formatDaysLeftDa(step({ step: 'court', daysLeft: 3, businessDaysLeft: 0, estimated: true }))).toBe(
      'Begæring til fogedretten om 3 dage (skøn)',
    );
  });

  it('says when the date is today', () => {
    expect(formatDaysLeftDa(step({ daysLeft: 0, businessDaysLeft: 0 }))).toBe('Ophævelse mulig fra i morgen');
    expect(formatDaysLeftDa(step({ step: 'demand', daysLeft: 0, businessDaysLeft: 0 }))).toBe('Påkrav muligt fra i morgen');
    expect(formatDaysLeftDa(step({ step: 'eviction', daysLeft: 0, businessDaysLeft: 0 }))).toBe('Udsættelse i dag');
    expect(formatDaysLeftDa(step({ step: 'legal', daysLeft: 0, businessDaysLeft: 0, estimated: true }))).toBe(
      'Overdragelse til advokat i dag (skøn)',
    );
  });

  it('says how long ago a deadline passed, in calendar days', () => {
    expect(formatDaysLeftDa(step({ daysLeft: -2, businessDaysLeft: -1, overdue: true }))).toBe('Frist overskredet for 2 dage siden');
    expect(formatDaysLeftDa(step({ daysLeft: -1, businessDaysLeft: 0, overdue: true }))).toBe('Frist overskredet for 1 dag siden');
    expect(formatDaysLeftDa(step({ step: 'eviction', daysLeft: -1, businessDaysLeft: -1, overdue: true }))).toBe(
      'Udsættelsesdato passeret for 1 dag siden',
    );
  });

  it('says when the date is unknown', () => {
    expect(formatDaysLeftDa(step({ step: 'demand', dueDate: null, daysLeft: null, businessDaysLeft: null }))).toBe('Påkrav: dato ukendt');
  });

  it('end to end with real dates: a påkrav sent before Easter 2026', () => {
    const r = computeNextStep({ stage: 'demand', today: '2026-03-30', demandSentDate: '2026-03-20' });
    expect(formatDaysLeftDa(r)).toBe('Ophævelse mulig om 3 hverdage');
    const later = computeNextStep({ stage: 'demand', today: '2026-04-09', demandSentDate: '2026-03-20' });
    expect(formatDaysLeftDa(later)).toBe('Frist overskredet for 2 dage siden');
    const evict = computeNextStep({ stage: 'eviction_scheduled', today: '2026-05-08', evictionDate: '2026-05-20' });
    expect(formatDaysLeftDa(evict)).toBe('Udsættelse om 12 dage');
    const legal = computeNextStep({ stage: 'termination', today: '2026-12-22', terminationDate: '2026-12-20' });
    expect(formatDaysLeftDa(legal)).toBe('Overdragelse til advokat om 4 hverdage (skøn)');
  });
});
