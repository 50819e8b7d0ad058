import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CreatedApiKey } from '../../api/apiKeys';
import { SecretOnceModal } from '../../components/SecretOnceModal';

/** Shows a newly created key's secret once. Closing it discards the secret from memory. */
export function ApiKeySecretModal({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <SecretOnceModal
      title={t('apiKeys.secretTitle')}
      warning={t('apiKeys.secretWarning')}
      label={t('apiKeys.secretLabel')}
      secret={created.secret}
      testId="api-key-secret"
      copy={t('apiKeys.copy')}
      copied={t('apiKeys.copied')}
      done={t('apiKeys.secretDone')}
      onClose={onClose}
    >
      <Text>
        <strong>{created.apiKey.name}</strong>
      </Text>
    </SecretOnceModal>
  );
}
