import { useCallback, useState } from 'react';
import { useReloadCase } from '../../../api/cases';
import type { CaseDetail } from '../../../api/caseTypes';

/**
 * The version a form's change is based on: captured when the form opens, and moved on only when the user
 * asks to reload after a conflict (so a change is never silently applied on top of one they have not seen).
 * `pick` finds the version in a case (the case's own, or a task's, a budget line's, ...); undefined when the
 * thing is gone.
 */
export function useBasedOn(caseId: string, initial: number, pick: (detail: CaseDetail) => number | undefined) {
  const reloadCase = useReloadCase(caseId);
  const [version, setVersion] = useState(initial);
  const [gone, setGone] = useState(false);

  const reload = useCallback(async () => {
    const fresh = await reloadCase();
    if (!fresh) return;
    const next = pick(fresh);
    if (next === undefined) setGone(true);
    else setVersion(next);
  }, [reloadCase, pick]);

  return { version, gone, reload };
}
