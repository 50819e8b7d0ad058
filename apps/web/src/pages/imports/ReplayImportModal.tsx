import { Button, Group, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useReplayImport, type ImportView, type ReceivedImport } from '../../api/arrears';
import { AppModal } from '../../components/AppModal';
import { ErrorAlert } from '../../components/Feedback';

/** Confirms an admin's replay of a stored upload; the replay is a new import. */
export function ReplayImportModal({
  view,
  onClose,
  onReplayed,
}: {
  view: ImportView;
  onClose: () => void;
  onReplayed: (created: ReceivedImport) => void;
}) {
  const { t } = useTranslation();
  const replay = useReplayImport();
  return (
    <AppModal opened onClose={onClose} title={t('imports.replay.title')} size="md">
      <Stack>
        <Text>{t('imports.replay.confirm')}</Text>
        {replay.isError ? <ErrorAlert error={replay.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button
            leftSection={<IconRefresh size={16} aria-hidden="true" />}
            loading={replay.isPending}
            onClick={() => replay.mutate(view.id, { onSuccess: onReplayed })}
          >
            {t('imports.replay.button')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
