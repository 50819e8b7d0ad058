import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CreatedApiKey } from '../../api/apiKeys';
import { AppModal } from '../../components/AppModal';

/** Shows a newly created key's secret once. Closing it discards the secret from memory. */
export function ApiKeySecretModal({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened onClose={onClose} title={t('apiKeys.secretTitle')} closeOnClickOutside={false}>
      <Stack>
        <Alert color="red.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
          <Text c="red.9" fw={600}>
            {t('apiKeys.secretWarning')}
          </Text>
        </Alert>
        <Text>
          <strong>{created.apiKey.name}</strong>
        </Text>
        <TextInput
          label={t('apiKeys.secretLabel')}
          value={created.secret}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="api-key-secret"
        />
        <Group justify="space-between">
          <CopyButton value={created.secret} timeout={3000}>
            {({ copied, copy }) => (
              <Button
                variant="outline"
                color={copied ? 'teal.9' : undefined}
                leftSection={copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}
                onClick={copy}
              >
                {copied ? t('apiKeys.copied') : t('apiKeys.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('apiKeys.secretDone')}</Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
