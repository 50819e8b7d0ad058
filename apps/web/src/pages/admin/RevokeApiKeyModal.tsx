import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRevokeApiKey } from '../../api/apiKeys';
import type { ApiKey } from '../../api/types';
import { AppModal } from '../../components/AppModal';
import { ErrorAlert } from '../../components/Feedback';

export function RevokeApiKeyModal({ apiKey, onClose, onRevoked }: { apiKey: ApiKey; onClose: () => void; onRevoked: (key: ApiKey) => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeApiKey();
  return (
    <AppModal opened onClose={onClose} title={t('apiKeys.revokeTitle')} size="md">
      <Stack>
        <Text>{t('apiKeys.revokeConfirm', { name: apiKey.name })}</Text>
        {revoke.isError ? <ErrorAlert error={revoke.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red.9" loading={revoke.isPending} onClick={() => revoke.mutate(apiKey.id, { onSuccess: onRevoked })}>
            {t('apiKeys.revoke')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
