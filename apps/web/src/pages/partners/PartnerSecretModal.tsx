import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PartnerWithSecret } from '../../api/referralTypes';
import { SecretOnceModal } from '../../components/SecretOnceModal';

/**
 * The partner's signing secret, shown this once (after creating the partner or rotating its secret). Closing the
 * dialog drops it from memory; the API keeps it encrypted and never shows it again.
 */
export function PartnerSecretModal({ created, rotated, onClose }: { created: PartnerWithSecret; rotated: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <SecretOnceModal
      title={t('partners.secret.title', { name: created.partner.name })}
      warning={t('partners.secret.warning')}
      warningDetail={rotated ? t('partners.secret.previousValid') : undefined}
      label={t('partners.secret.label')}
      secret={created.secret}
      testId="partner-secret"
      copy={t('partners.secret.copy')}
      copied={t('partners.secret.copied')}
      done={t('partners.secret.done')}
      onClose={onClose}
    >
      <Text size="sm">{t('partners.secret.use')}</Text>
    </SecretOnceModal>
  );
}
