import { Alert, Button, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

/** A stale `version`: someone else changed the thing since this page loaded it. */
export function isVersionConflict(error: unknown): boolean {
  return isApiError(error) && error.status === 409 && error.code === 'version_conflict';
}

/** A change to a closed case (409 conflict, reason case_closed). */
export function isCaseClosedConflict(error: unknown): boolean {
  if (!isApiError(error) || error.status !== 409) return false;
  const body = error.body as { reason?: unknown };
  return body.reason === 'case_closed' || error.fieldErrors.some((e) => e.reason === 'case_closed');
}

/**
 * Shown instead of saving when the version was stale. The user's input stays in the form; "Genindlæs" fetches
 * the current version (the caller then re-bases the form on it) so the next save goes through.
 */
export function ConflictAlert({ onReload }: { onReload: () => Promise<unknown> | void }) {
  const { t } = useTranslation();
  const [reloading, setReloading] = useState(false);
  return (
    <Alert
      role="alert"
      color="red.9"
      variant="outline"
      icon={<IconAlertTriangle aria-hidden="true" />}
      title={t('case.conflict.title')}
      data-testid="version-conflict"
    >
      <Text size="sm">{t('case.conflict.text')}</Text>
      <Button
        mt="sm"
        size="xs"
        variant="outline"
        color="red.9"
        leftSection={<IconRefresh size={16} aria-hidden="true" />}
        loading={reloading}
        onClick={() => {
          setReloading(true);
          void Promise.resolve(onReload()).finally(() => setReloading(false));
        }}
      >
        {t('case.conflict.reload')}
      </Button>
    </Alert>
  );
}

/** The alert for a change refused because the case is closed. */
export function CaseClosedAlert() {
  const { t } = useTranslation();
  return (
    <Alert role="alert" color="red.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
      <Text c="red.9" size="sm">
        {t('case.closedConflict')}
      </Text>
    </Alert>
  );
}
