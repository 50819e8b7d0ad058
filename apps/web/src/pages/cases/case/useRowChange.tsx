import { useState } from 'react';
import { useCaseChange, useReloadCase, type CaseChange } from '../../../api/cases';
import { CaseClosedAlert, ConflictAlert, isCaseClosedConflict, isVersionConflict } from '../../../components/ConflictAlert';
import { ErrorAlert } from '../../../components/Feedback';

/**
 * One-click changes from a list (tick a task, mark an instalment paid, remove a line). They send the version of
 * the row as shown; a conflict shows the reload alert above the list.
 */
export function useRowChange(caseId: string) {
  const change = useCaseChange(caseId);
  const reloadCase = useReloadCase(caseId);
  const [problem, setProblem] = useState<'version' | 'closed' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = (c: CaseChange, onSuccess?: () => void) => {
    setProblem(null);
    setError(null);
    change.mutate(c, {
      onSuccess,
      onError: (err) => {
        if (isVersionConflict(err)) setProblem('version');
        else if (isCaseClosedConflict(err)) setProblem('closed');
        else setError(err);
      },
    });
  };

  const alerts = (
    <>
      {problem === 'version' ? (
        <ConflictAlert
          onReload={async () => {
            await reloadCase();
            setProblem(null);
          }}
        />
      ) : null}
      {problem === 'closed' ? <CaseClosedAlert /> : null}
      {error ? <ErrorAlert error={error} /> : null}
    </>
  );

  return { run, pending: change.isPending, pendingVariables: change.isPending ? change.variables : undefined, alerts };
}

export type RowChange = ReturnType<typeof useRowChange>;
