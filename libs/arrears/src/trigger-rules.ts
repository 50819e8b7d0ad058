/**
 * When arrears data opens and closes cases. Rules are data: one per organisation, with per-department
 * overrides of single values. Without any rule the built-in defaults below apply (the policy's own numbers:
 * a month's rent or 3.000 kr., or any påkrav; closed as paid after 30 days at zero).
 */
export interface TriggerRuleValues {
  /** Open at arrears ≥ this many months of the tenancy's rent (null: not by months). */
  openMinMonths: number | null;
  /** Open at arrears ≥ this amount in øre (null: not by amount). */
  openMinOre: number | null;
  /** Open when the ledger shows a påkrav, whatever the amount. */
  openOnDemand: boolean;
  /** Close as paid after this many days at zero arrears (null: never automatically). */
  closeAfterDaysAtZero: number | null;
}

export const DEFAULT_TRIGGER_RULE: Readonly<TriggerRuleValues> = Object.freeze({
  openMinMonths: 1,
  openMinOre: 300_000,
  openOnDemand: true,
  closeAfterDaysAtZero: 30,
});

/**
 * The rule in force for a department: the department's own value where it sets one, else the organisation's,
 * else (only when neither has a rule at all) the built-in default. The same precedence as the applier's SQL.
 */
export function effectiveRule(org: TriggerRuleValues | null, dept: Partial<TriggerRuleValues> | null): TriggerRuleValues {
  if (!org && !dept) return { ...DEFAULT_TRIGGER_RULE };
  const pick = <K extends keyof TriggerRuleValues>(k: K): TriggerRuleValues[K] =>
    (dept?.[k] ?? org?.[k] ?? (k === 'openOnDemand' ? DEFAULT_TRIGGER_RULE.openOnDemand : null)) as TriggerRuleValues[K];
  return { openMinMonths: pick('openMinMonths'), openMinOre: pick('openMinOre'), openOnDemand: pick('openOnDemand'), closeAfterDaysAtZero: pick('closeAfterDaysAtZero') };
}
