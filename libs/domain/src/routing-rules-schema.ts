/**
 * The routing rules document (rules, preferences, automatic routing) as an admin saves it or a JSON column stores
 * it: the zod schema and {@link parseRoutingRules}, which turns zod's issues into dotted field paths and machine
 * reasons. The engine that applies the rules is in routing.ts.
 */
import { z } from 'zod';
import { RISK_LEVELS } from './risk-weights.js';
import { PARTNER_KINDS, REFERRAL_PURPOSES, type RoutingRules } from './routing.js';
import { STAGES } from './stages.js';

const points = z.number().int().min(0).max(100);
const id = z.string().trim().min(1).max(64);

const ruleSchema = z.object({
  id,
  label: z.string().trim().min(1).max(200),
  enabled: z.boolean(),
  partnerKind: z.enum(PARTNER_KINDS),
  purpose: z.enum(REFERRAL_PURPOSES),
  stages: z
    .array(z.enum(STAGES))
    .max(STAGES.length)
    .refine((s) => new Set(s).size === s.length, { params: { reason: 'duplicate' }, message: 'a stage is listed twice' }),
  minRiskLevel: z.enum(RISK_LEVELS).nullable(),
  maxDaysLeft: z.number().int().min(-365).max(365).nullable(),
  onlyWithChildren: z.boolean(),
  weight: points,
});

const rulesSchema = z.object({
  rules: z
    .array(ruleSchema)
    .max(100)
    .superRefine((rules, ctx) => {
      const seen = new Set<string>();
      rules.forEach((r, i) => {
        if (seen.has(r.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], params: { reason: 'duplicate' }, message: `rule id ${r.id} is used twice` });
        seen.add(r.id);
      });
    }),
  preferences: z.object({
    languageMatchBonus: points,
    capacityBonus: points,
    noCapacityPenalty: points,
    waitingPenaltyPerWeek: points,
    accreditedBonus: points,
    consentOnFileBonus: points,
    childrenBonus: points,
    urgencyBonus: points,
  }),
  auto: z.object({
    onOpen: z.boolean(),
    onStageChange: z.boolean(),
    mode: z.enum(['confirm', 'send_without_consent']),
    maxProposals: z.number().int().min(0).max(10),
  }),
});

export interface RoutingRulesError {
  /** Dotted path such as `rules.2.weight`. */
  field: string;
  /** Machine code: `required`, `invalid_type`, `unknown_value`, `too_small`, `too_big`, `duplicate`, ... */
  reason: string;
  message: string;
}

function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return String((issue.params as { reason?: unknown } | undefined)?.reason ?? 'invalid');
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'invalid_value') return 'unknown_value';
  return issue.code;
}

/**
 * Validates routing rules from an admin form or a stored JSON column. Unknown extra keys are dropped; every
 * problem is reported with a dotted field path, a machine reason and a message.
 */
export function parseRoutingRules(input: unknown): { ok: true; rules: RoutingRules } | { ok: false; errors: RoutingRulesError[] } {
  const parsed = rulesSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, rules: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      reason: reasonOf(issue),
      message: issue.message,
    })),
  };
}
