import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrorsFrom } from '../lib/errors';

/**
 * Field errors from the API (422 errors[] / 409 email_taken), kept until the user edits the field.
 */
export function useServerFormErrors<F extends string>(fieldNames: readonly F[]) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<Partial<Record<F, string>>>({});
  const [summary, setSummary] = useState<string | null>(null);

  const setFromError = useCallback(
    (error: unknown) => {
      const result = formErrorsFrom(t, error, fieldNames);
      setFields(result.fields);
      setSummary(result.summary);
    },
    [t, fieldNames],
  );

  const clearField = useCallback((field: F) => {
    setFields((prev) => {
      if (!(field in prev)) return prev;
      const next = { ...prev };
      delete next[field];
      return next;
    });
  }, []);

  const reset = useCallback(() => {
    setFields({});
    setSummary(null);
  }, []);

  return { fields, summary, setFromError, clearField, reset };
}
