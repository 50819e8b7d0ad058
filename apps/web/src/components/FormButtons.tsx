import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A form's buttons, at its bottom right: Cancel (when the form can be left), and the submit button with its label. */
export function FormButtons({ submit, loading, onCancel, disabled }: { submit: string; loading: boolean; onCancel?: () => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      {onCancel ? (
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      ) : null}
      <Button type="submit" loading={loading} disabled={disabled}>
        {submit}
      </Button>
    </Group>
  );
}
