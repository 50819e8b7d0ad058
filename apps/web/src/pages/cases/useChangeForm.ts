import { useCallback, useState } from 'react';
import { isCaseClosedConflict, isVersionConflict } from '../../components/ConflictAlert';
import { useServerFormErrors } from '../../components/useServerFormErrors';

/**
 * Error state of a form that changes a case: field errors (422) go to the fields, a stale version (409
 * version_conflict) or a closed case is kept apart so the form can offer to reload without losing input.
 */
export function useChangeForm<F extends string>(fieldNames: readonly F[]) {
  const errors = useServerFormErrors(fieldNames);
  const [conflict, setConflict] = useState<'version' | 'closed' | null>(null);
  const { setFromError, reset: resetErrors } = errors;

  const onError = useCallback(
    (error: unknown) => {
      if (isVersionConflict(error)) setConflict('version');
      else if (isCaseClosedConflict(error)) setConflict('closed');
      else setFromError(error);
    },
    [setFromError],
  );

  const reset = useCallback(() => {
    resetErrors();
    setConflict(null);
  }, [resetErrors]);

  return { ...errors, conflict, setConflict, onError, reset };
}
