/**
 * The road to eviction as an ordered state machine. Order matters: "skipping" and "going back" are only
 * meaningful against it, and both need a written reason because they usually mean the ledger or a lawyer
 * acted outside the system and the case history has to say why the stepper jumped.
 */

export const STAGES = ['arrears', 'demand', 'termination', 'legal', 'court', 'eviction_scheduled'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Readonly<Record<Stage, { da: string; en: string }>> = {
  arrears: { da: 'Restance', en: 'Arrears' },
  demand: { da: 'Påkrav', en: 'Demand for payment' },
  termination: { da: 'Ophævelse', en: 'Termination' },
  legal: { da: 'Advokat', en: 'Lawyer' },
  court: { da: 'Fogedret', en: 'Bailiff court' },
  eviction_scheduled: { da: 'Udsættelse berammet', en: 'Eviction scheduled' },
};

export type StageChangeKind = 'forward' | 'skip' | 'backward';
export type StageChangeError = 'same_stage' | 'reason_required';
export type StageChangePlan = { ok: true; kind: StageChangeKind } | { ok: false; error: StageChangeError };

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Position on the road, 0 for `arrears`. Throws for an unknown stage (a corrupt row, not a user error). */
export function stageIndex(stage: Stage): number {
  const i = STAGES.indexOf(stage);
  if (i < 0) throw new RangeError(`unknown stage ${JSON.stringify(stage)}`);
  return i;
}

/** The stage after `stage`, or null at the last one. */
export function nextStage(stage: Stage): Stage | null {
  return STAGES[stageIndex(stage) + 1] ?? null;
}

/**
 * Whether a case may move from `from` to `to`. One step forward is the normal course and needs no reason;
 * skipping ahead or moving back needs a non-blank reason for the timeline.
 */
export function planStageChange(from: Stage, to: Stage, reason?: string): StageChangePlan {
  const delta = stageIndex(to) - stageIndex(from);
  if (delta === 0) return { ok: false, error: 'same_stage' };
  if (delta === 1) return { ok: true, kind: 'forward' };
  if (!reason || reason.trim() === '') return { ok: false, error: 'reason_required' };
  return { ok: true, kind: delta > 1 ? 'skip' : 'backward' };
}
