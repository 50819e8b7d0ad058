/**
 * @forebyg/domain: the pure rules of eviction prevention (no Nest, no TypeORM, no I/O apart from the bundled
 * holiday calendar), so they can be unit-tested exhaustively and used from the api, the worker and the cli alike.
 *
 * The web UI imports the closed lists file by file (`@forebyg/domain/stages`, never this index). The files it imports
 * import no package (web-imports.spec.ts checks), and a constant built by a call (`Object.freeze`) carries a
 * `@__PURE__` annotation so that a page not using it does not carry it either.
 */
export * from './calendar-date.js';
export * from './cpr.js';
export * from './money.js';
export * from './password-policy.js';
export * from './common-passwords.js';
export * from './business-days.js';
export * from './stages.js';
export * from './case-outcomes.js';
export * from './case-events.js';
export * from './case-lists.js';
export * from './deadline-clock.js';
export * from './deadline-headline.js';
export * from './risk-weights.js';
export * from './risk.js';
export * from './budget.js';
export * from './debts.js';
export * from './reminders.js';
export * from './iso-week.js';
export * from './routing.js';
export * from './routing-rules-schema.js';
export * from './consent.js';
export * from './referral-lists.js';
export * from './referral-status.js';
export * from './webhook-signature.js';
