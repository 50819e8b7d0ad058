import { Modal, type ModalProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Modal with a translated close button label and a title (used as the dialog's accessible name). */
export function AppModal({ title, ...props }: ModalProps & { title: string }) {
  const { t } = useTranslation();
  return (
    <Modal
      size="lg"
      {...props}
      title={title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    />
  );
}
