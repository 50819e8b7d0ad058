import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PartnerWithSecret } from '../../api/referralTypes';
import { AppModal } from '../../components/AppModal';

/**
 * The partner's signing secret, shown this once (after creating the partner or rotating its secret). Closing the
 * dialog drops it from memory; the API keeps it encrypted and never shows it again.
 */
export function PartnerSecretModal({ created, rotated, onClose }: { created: PartnerWithSecret; rotated: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened onClose={onClose} title={t('partners.secret.title', { name: created.partner.name })} closeOnClickOutside={false}>
      <Stack>
        <Alert color="red.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
          <Text c="red.9" fw={600}>
            {t('partners.secret.warning')}
          </Text>
          {rotated ? (
            <Text c="red.9" size="sm" mt={4}>
              {t('partners.secret.previousValid')}
            </Text>
          ) : null}
        </Alert>
        <Text size="sm">{t('partners.secret.use')}</Text>
        <TextInput
          label={t('partners.secret.label')}
          value={created.secret}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="partner-secret"
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
                {copied ? t('partners.secret.copied') : t('partners.secret.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('partners.secret.done')}</Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
