/**
 * Explainable eviction risk: a score from a handful of documented factors, each reported with its points so a
 * counsellor can see why a case ranks where it does, and override the level with a reason when they know better.
 */
import { DEFAULT_RISK_WEIGHTS, RISK_LEVELS, type RiskLevel, type RiskWeights } from './risk-weights.js';
import { isStage, type Stage } from './stages.js';

export interface RiskInput {
  stage: Stage;
  /** Calendar days to the next irreversible step (negative when overdue); null when unknown. */
  daysLeft: number | null;
  arrearsOre: number;
  /** Monthly rent; null or 0 when unknown, in which case the arrears factor cannot be judged and scores 0. */
  monthlyRentOre: number | null;
  /** Påkrav sent in the last 12 months, including the current case's own if it falls in the window. */
  demandsLast12Months: number;
  childrenInHousehold: number;
  /** Days since the last two-way contact; null when there has never been any. */
  daysSinceLastContact: number | null;
  /** Days since the case opened: the no-contact streak when there has never been contact. */
  daysSinceCaseOpened: number;
  brokenPaymentAgreement: boolean;
}

export type RiskFactor = 'stage' | 'urgency' | 'arrears_ratio' | 'repeated_demands' | 'children' | 'no_contact' | 'broken_agreement';

export type RiskReason =
  | { factor: 'stage'; points: number; detail: { stage: Stage } }
  | { factor: 'urgency'; points: number; detail: { daysLeft: number; maxDaysLeft: number } }
  | {
      factor: 'arrears_ratio';
      points: number;
      detail: { arrearsOre: number; monthlyRentOre: number; months: number; minMonths: number };
    }
  | { factor: 'repeated_demands'; points: number; detail: { demandsLast12Months: number; minCount: number } }
  | { factor: 'children'; points: number; detail: { childrenInHousehold: number } }
  | { factor: 'no_contact'; points: number; detail: { days: number; neverContacted: boolean; minDays: number } }
  | { factor: 'broken_agreement'; points: number; detail: Record<string, never> };

export interface RiskResult {
  score: number;
  level: RiskLevel;
  reasons: RiskReason[];
}

export interface RiskOverride {
  level: RiskLevel;
  reason: string;
}

export interface OverriddenRiskResult extends RiskResult {
  /** The level the score gave, kept so reports can compare judgement with the model. */
  computedLevel: RiskLevel;
  override: RiskOverride;
}

/** The highest-scoring tier whose test passes, or undefined when none does. */
function bestTier<T extends { points: number }>(tiers: readonly T[], applies: (tier: T) => boolean): T | undefined {
  let best: T | undefined;
  for (const tier of tiers) if (applies(tier) && (!best || tier.points > best.points)) best = tier;
  return best;
}

function assertCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
}

/** The level for a score under the given thresholds. */
export function riskLevelForScore(score: number, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): RiskLevel {
  if (score >= weights.levels.critical) return 'critical';
  if (score >= weights.levels.high) return 'high';
  if (score >= weights.levels.medium) return 'medium';
  return 'low';
}

/** Scores a case; every factor that adds points is listed in `reasons`, in a fixed order. */
export function computeRisk(input: RiskInput, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): RiskResult {
  if (!isStage(input.stage)) throw new RangeError(`unknown stage ${JSON.stringify(input.stage)}`);
  if (!Number.isSafeInteger(input.arrearsOre)) throw new RangeError('arrearsOre must be a safe integer');
  if (input.daysLeft !== null && !Number.isInteger(input.daysLeft)) throw new RangeError('daysLeft must be whole');
  assertCount(input.demandsLast12Months, 'demandsLast12Months');
  assertCount(input.childrenInHousehold, 'childrenInHousehold');
  assertCount(input.daysSinceCaseOpened, 'daysSinceCaseOpened');
  if (input.daysSinceLastContact !== null) assertCount(input.daysSinceLastContact, 'daysSinceLastContact');

  const reasons: RiskReason[] = [];
  const stagePoints = weights.stage[input.stage];
  if (stagePoints > 0) reasons.push({ factor: 'stage', points: stagePoints, detail: { stage: input.stage } });

  const { daysLeft } = input;
  if (daysLeft !== null) {
    const tier = bestTier(weights.urgency, (t) => daysLeft <= t.maxDaysLeft);
    if (tier && tier.points > 0) {
      reasons.push({ factor: 'urgency', points: tier.points, detail: { daysLeft, maxDaysLeft: tier.maxDaysLeft } });
    }
  }

  const rent = input.monthlyRentOre;
  if (rent !== null && rent > 0) {
    // Compare arrears with months × rent in integers, so "exactly 2 months" is never lost to float rounding.
    const tier = bestTier(weights.arrearsMonths, (t) => input.arrearsOre >= t.minMonths * rent);
    if (tier && tier.points > 0) {
      const months = Math.round((input.arrearsOre / rent) * 100) / 100;
      reasons.push({
        factor: 'arrears_ratio',
        points: tier.points,
        detail: { arrearsOre: input.arrearsOre, monthlyRentOre: rent, months, minMonths: tier.minMonths },
      });
    }
  }

  const demands = bestTier(weights.repeatedDemands, (t) => input.demandsLast12Months >= t.minCount);
  if (demands && demands.points > 0) {
    reasons.push({
      factor: 'repeated_demands',
      points: demands.points,
      detail: { demandsLast12Months: input.demandsLast12Months, minCount: demands.minCount },
    });
  }

  if (input.childrenInHousehold > 0 && weights.children > 0) {
    reasons.push({ factor: 'children', points: weights.children, detail: { childrenInHousehold: input.childrenInHousehold } });
  }

  const neverContacted = input.daysSinceLastContact === null;
  const silentDays = input.daysSinceLastContact ?? input.daysSinceCaseOpened;
  const silence = bestTier(weights.noContact, (t) => silentDays >= t.minDays);
  if (silence && silence.points > 0) {
    reasons.push({
      factor: 'no_contact',
      points: silence.points,
      detail: { days: silentDays, neverContacted, minDays: silence.minDays },
    });
  }

  if (input.brokenPaymentAgreement && weights.brokenAgreement > 0) {
    reasons.push({ factor: 'broken_agreement', points: weights.brokenAgreement, detail: {} });
  }

  const raw = reasons.reduce((sum, r) => sum + r.points, 0);
  const score = Math.min(weights.maxScore, raw);
  return { score, level: riskLevelForScore(score, weights), reasons };
}

/**
 * A counsellor's judgement over the model: the level becomes the override's, while the score, the reasons and
 * the computed level stay, so both can be shown and compared. Overriding again keeps the original computed level.
 */
export function applyOverride(result: RiskResult | OverriddenRiskResult, override: RiskOverride): OverriddenRiskResult {
  const reason = override.reason?.trim() ?? '';
  if (reason === '') throw new RangeError('a risk override needs a reason');
  if (!RISK_LEVELS.includes(override.level)) throw new RangeError(`unknown risk level ${JSON.stringify(override.level)}`);
  const computedLevel = 'computedLevel' in result ? result.computedLevel : result.level;
  return { ...result, level: override.level, computedLevel, override: { level: override.level, reason } };
}
