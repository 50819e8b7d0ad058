import fc from 'fast-check';
import { CASE_OUTCOME_LABELS, CASE_OUTCOMES, isCaseOutcome } from './case-outcomes.js';
import { isStage, nextStage, planStageChange, STAGE_LABELS, STAGES, stageIndex, type Stage } from './stages.js';

const stageArb = fc.constantFrom(...STAGES);

describe('STAGES', () => {
  it('is the road to eviction, in order', () => {
    expect(STAGES).toEqual(['arrears', 'demand', 'termination', 'legal', 'court', 'eviction_scheduled']);
    expect(STAGES.map(stageIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('has Danish and English labels for every stage', () => {
    expect(Object.fromEntries(STAGES.map((s) => [s, STAGE_LABELS[s].da]))).toEqual({
      arrears: 'Restance',
      demand: 'Påkrav',
      termination: 'Ophævelse',
      legal: 'Advokat',
      court: 'Fogedret',
      eviction_scheduled: 'Udsættelse berammet',
    });
    for (const s of STAGES) expect(STAGE_LABELS[s].en.length).toBeGreaterThan(0);
  });

  it('nextStage walks the road and stops at the end', () => {
    expect(nextStage('arrears')).toBe('demand');
    expect(nextStage('court')).toBe('eviction_scheduled');
    expect(nextStage('eviction_scheduled')).toBeNull();
  });

  it('isStage / stageIndex reject unknown values', () => {
    expect(isStage('demand')).toBe(true);
    expect(isStage('closed')).toBe(false);
    expect(isStage(3)).toBe(false);
    expect(() => stageIndex('closed' as Stage)).toThrow(RangeError);
  });
});

describe('planStageChange', () => {
  it('one step forward needs no reason', () => {
    expect(planStageChange('arrears', 'demand')).toEqual({ ok: true, kind: 'forward' });
    expect(planStageChange('court', 'eviction_scheduled', '')).toEqual({ ok: true, kind: 'forward' });
  });

  it('the same stage is refused, reason or not', () => {
    expect(planStageChange('demand', 'demand')).toEqual({ ok: false, error: 'same_stage' });
    expect(planStageChange('demand', 'demand', 'because')).toEqual({ ok: false, error: 'same_stage' });
  });

  it('skipping forward needs a non-blank reason', () => {
    expect(planStageChange('arrears', 'termination')).toEqual({ ok: false, error: 'reason_required' });
    expect(planStageChange('arrears', 'termination', '   \n')).toEqual({ ok: false, error: 'reason_required' });
    expect(planStageChange('arrears', 'termination', 'Påkrav sendt uden om systemet')).toEqual({ ok: true, kind: 'skip' });
  });

  it('moving back needs a non-blank reason', () => {
    expect(planStageChange('termination', 'demand')).toEqual({ ok: false, error: 'reason_required' });
    expect(planStageChange('termination', 'demand', 'Ophævelse trukket tilbage')).toEqual({ ok: true, kind: 'backward' });
    expect(planStageChange('eviction_scheduled', 'arrears', 'x')).toEqual({ ok: true, kind: 'backward' });
  });

  /**
   * Every pair of stages, written out by hand: F = one step forward (no reason needed), S = skip ahead and
   * B = back (both need a reason), - = the same stage (always refused). Rows are `from`, columns `to`.
   */
  const MATRIX: Record<Stage, string> = {
    //                  arr dem ter leg cou evi
    arrears: /*      */ '-   F   S   S   S   S',
    demand: /*       */ 'B   -   F   S   S   S',
    termination: /*  */ 'B   B   -   F   S   S',
    legal: /*        */ 'B   B   B   -   F   S',
    court: /*        */ 'B   B   B   B   -   F',
    eviction_scheduled: 'B   B   B   B   B   -',
  };
  const pairs = STAGES.flatMap((from) => STAGES.map((to, i) => [from, to, MATRIX[from].split(/\s+/)[i]] as const));

  it.each(pairs)('%s → %s (%s) without a reason', (from, to, code) => {
    const expected =
      code === '-' ? { ok: false, error: 'same_stage' } : code === 'F' ? { ok: true, kind: 'forward' } : { ok: false, error: 'reason_required' };
    expect(planStageChange(from, to)).toEqual(expected);
  });

  it.each(pairs)('%s → %s (%s) with a reason', (from, to, code) => {
    const expected =
      code === '-'
        ? { ok: false, error: 'same_stage' }
        : { ok: true, kind: code === 'F' ? 'forward' : code === 'S' ? 'skip' : 'backward' };
    expect(planStageChange(from, to, 'Begrundelse')).toEqual(expected);
  });

  it('property: the outcome follows the distance between the stages', () => {
    fc.assert(
      fc.property(stageArb, stageArb, fc.option(fc.string(), { nil: undefined }), (from, to, reason) => {
        const delta = stageIndex(to) - stageIndex(from);
        const hasReason = reason !== undefined && reason.trim() !== '';
        const plan = planStageChange(from, to, reason);
        if (delta === 0) expect(plan).toEqual({ ok: false, error: 'same_stage' });
        else if (delta === 1) expect(plan).toEqual({ ok: true, kind: 'forward' });
        else if (!hasReason) expect(plan).toEqual({ ok: false, error: 'reason_required' });
        else expect(plan).toEqual({ ok: true, kind: delta > 0 ? 'skip' : 'backward' });
      }),
    );
  });
});

describe('CASE_OUTCOMES', () => {
  it('lists the outcomes with labels', () => {
    expect(CASE_OUTCOMES).toEqual([
      'paid',
      'payment_agreement',
      'municipal_aid',
      'housing_benefit',
      'moved_voluntarily',
      'evicted',
      'no_contact',
      'other',
    ]);
    expect(Object.keys(CASE_OUTCOME_LABELS).sort()).toEqual([...CASE_OUTCOMES].sort());
    for (const o of CASE_OUTCOMES) {
      expect(CASE_OUTCOME_LABELS[o].da.length).toBeGreaterThan(0);
      expect(CASE_OUTCOME_LABELS[o].en.length).toBeGreaterThan(0);
    }
    expect(CASE_OUTCOME_LABELS.paid).toEqual({ da: 'Betalt', en: 'Paid' });
  });

  it('isCaseOutcome', () => {
    expect(isCaseOutcome('evicted')).toBe(true);
    expect(isCaseOutcome('closed')).toBe(false);
    expect(isCaseOutcome(null)).toBe(false);
  });
});
