import { useCaseChange } from '../../../api/cases';
import type { CaseDetail } from '../../../api/caseTypes';
import { useChangeForm } from '../useChangeForm';
import { useBasedOn } from './useBasedOn';

/**
 * A form that changes a versioned part of a case: its errors (`useChangeForm`), the version it is based on and
 * whether the part is gone (`useBasedOn`), and the reload that re-bases it after a conflict, keeping the input.
 */
export function useVersionedChangeForm<F extends string>(
  caseId: string,
  fields: readonly F[],
  initialVersion: number,
  pick: (detail: CaseDetail) => number | undefined,
) {
  const change = useCaseChange(caseId);
  const form = useChangeForm(fields);
  const based = useBasedOn(caseId, initialVersion, pick);
  const onReload = async () => {
    await based.reload();
    form.setConflict(null);
  };
  return { change, form, version: based.version, gone: based.gone, onReload };
}

const caseVersion = (d: CaseDetail) => d.version;

/** A case-level change form (stage, close, assign, ...): based on the case's own version. */
export function useCaseLevelForm<F extends string>(detail: CaseDetail, fields: readonly F[]) {
  return useVersionedChangeForm(detail.id, fields, detail.version, caseVersion);
}
