import { CaseClosedAlert, ConflictAlert } from '../../components/ConflictAlert';
import { FormSummary } from '../../components/FormSummary';

interface Props {
  form: { conflict: 'version' | 'closed' | null; summary: string | null };
  /** Fetch the current version and re-base the form on it; the typed input stays. */
  onReload: () => Promise<unknown> | void;
}

/** The problems of a change form that belong to no single field. */
export function ChangeFormAlerts({ form, onReload }: Props) {
  return (
    <>
      {form.conflict === 'version' ? <ConflictAlert onReload={onReload} /> : null}
      {form.conflict === 'closed' ? <CaseClosedAlert /> : null}
      <FormSummary message={form.summary} />
    </>
  );
}
