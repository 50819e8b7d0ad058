import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Group role="status" gap="xs" py="md">
      <Loader size="sm" />
      <Text>{t('app.loading')}</Text>
    </Group>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      role="alert"
      color="red.9"
      variant="outline"
      icon={<IconAlertTriangle aria-hidden="true" />}
      my="md"
    >
      <Text c="red.9">{errorMessage(t, error)}</Text>
      {onRetry ? (
        <Button mt="sm" size="xs" variant="outline" color="red.9" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </Alert>
  );
}

/** A polite, dismissible confirmation after an action ("Brugeren er oprettet."). */
export function SuccessNotice({ message, onClose }: { message: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite">
      {message ? (
        <Alert
          color="teal.9"
          variant="outline"
          icon={<IconCircleCheck aria-hidden="true" />}
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={onClose}
          mb="md"
        >
          <Text c="teal.9">{message}</Text>
        </Alert>
      ) : null}
    </div>
  );
}
