/**
 * The weights of the eviction risk score, in one object so they can be read, reviewed and tuned without
 * touching the scoring code. Points add up across factors and are capped at {@link RiskWeights.maxScore}.
 * The tier lists are matched by "the highest-scoring tier that applies", so their order does not matter.
 */
import type { Stage } from './stages.js';

// In a file without the weights, which the web UI imports.
export { RISK_LEVELS, type RiskLevel } from './risk-levels.js';

export interface RiskWeights {
  /** Points for the stage reached: the further down the road, the fewer ways back. */
  stage: Readonly<Record<Stage, number>>;
  /** Points by days left to the next irreversible step (null days left scores nothing). */
  urgency: readonly { maxDaysLeft: number; points: number }[];
  /** Points by arrears measured in months of rent (needs a known, positive monthly rent). */
  arrearsMonths: readonly { minMonths: number; points: number }[];
  /** Points by the number of påkrav in the last 12 months. */
  repeatedDemands: readonly { minCount: number; points: number }[];
  /** Points when any child lives in the household. */
  children: number;
  /** Points by days without contact (since the last contact, or since the case opened if never contacted). */
  noContact: readonly { minDays: number; points: number }[];
  /** Points when a payment agreement has been broken. */
  brokenAgreement: number;
  /** The score is capped here so it reads as 0-100. */
  maxScore: number;
  /** Lowest score of each level above `low`. */
  levels: Readonly<{ medium: number; high: number; critical: number }>;
}

export const DEFAULT_RISK_WEIGHTS: Readonly<RiskWeights> = Object.freeze({
  /**
   * arrears 5, demand 15, termination 25, legal 30, court 40, eviction_scheduled 50. The jump at termination
   * is where a tenant loses the right to simply pay and stay; legal is only a little higher because the
   * association's own insight drops there, not the tenant's options.
   */
  stage: Object.freeze({
    /** 5: rent unpaid, nothing formal has happened; the cheapest moment to help. */
    arrears: 5,
    /** 15: a påkrav is out; paying within its deadline still ends the matter. */
    demand: 15,
    /** 25: the lease is terminated; paying no longer guarantees staying. */
    termination: 25,
    /** 30: the lawyer has the case and the association sees less of it. */
    legal: 30,
    /** 40: the eviction request is at the bailiff court; the municipality is notified. */
    court: 40,
    /** 50: a date is set; days remain. */
    eviction_scheduled: 50,
  }),
  /**
   * ≤3 days: 20, ≤7: 15, ≤14: 10, ≤21: 5. Overdue (negative days) counts as ≤3: the step can happen any day.
   * Three weeks is about the length of a påkrav's deadline; beyond that the date is not yet pressing.
   */
  urgency: Object.freeze([
    { maxDaysLeft: 3, points: 20 },
    { maxDaysLeft: 7, points: 15 },
    { maxDaysLeft: 14, points: 10 },
    { maxDaysLeft: 21, points: 5 },
  ]),
  /**
   * ≥3 months of rent: 15, ≥2: 10, ≥1: 5. Relative to rent, not in kroner: 10.000 kr. is a month for one
   * household and three for another, and what matters is whether the household can catch up.
   */
  arrearsMonths: Object.freeze([
    { minMonths: 3, points: 15 },
    { minMonths: 2, points: 10 },
    { minMonths: 1, points: 5 },
  ]),
  /** ≥2 påkrav in 12 months: 10, 1: 5. Repeated arrears signal a structural budget gap, not a one-off slip. */
  repeatedDemands: Object.freeze([
    { minCount: 2, points: 10 },
    { minCount: 1, points: 5 },
  ]),
  /** 10: an eviction of a family with children is the worst outcome and triggers municipal duties (rsl. § 5 a). */
  children: 10,
  /** ≥30 days: 10, ≥14: 5. No contact is the main failure mode: help cannot start until someone answers. */
  noContact: Object.freeze([
    { minDays: 30, points: 10 },
    { minDays: 14, points: 5 },
  ]),
  /** 10: a broken agreement usually ends the administration's willingness to agree again. */
  brokenAgreement: 10,
  /** 100: scores read as a percentage-like 0-100 scale; several factors can exceed it together. */
  maxScore: 100,
  /** <25 low, <50 medium, <75 high, otherwise critical. */
  levels: Object.freeze({ medium: 25, high: 50, critical: 75 }),
});
