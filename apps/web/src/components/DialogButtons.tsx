import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A dialog form's buttons, at its bottom right: Cancel, and the submit button with its label. */
export function DialogButtons({
  onCancel,
  submitLabel,
  loading,
  disabled,
}: {
  onCancel: () => void;
  submitLabel: string;
  loading?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={loading} disabled={disabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}
