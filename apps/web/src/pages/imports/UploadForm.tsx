import { Alert, Button, FileInput, Group, MultiSelect, Paper, Progress, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconFileUpload, IconInfoCircle, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { arrearsKeys, uploadArrearsFile } from '../../api/arrears';
import { isApiError, type UploadProgress } from '../../api/client';
import { useDepartments } from '../../api/departments';
import { FormSummary } from '../../components/FormSummary';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { isIsoDate, todayIso } from '../../lib/dates';
import { formatBytes } from './importText';

const FIELDS = ['file', 'asOf', 'source', 'departments'] as const;
type Field = (typeof FIELDS)[number];

/** Where the detail page learns that the upload was the same file as an earlier import. */
export interface ImportNavigationState {
  duplicate?: boolean;
  /** The import is an admin's replay of an earlier one. */
  replayed?: boolean;
}

/**
 * The CSV upload: the file goes up with XMLHttpRequest so the bar shows how much is sent; then the import's
 * own page takes over and shows the processing.
 */
export function UploadForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const errors = useServerFormErrors(FIELDS);
  const [file, setFile] = useState<File | null>(null);
  const [asOf, setAsOf] = useState(() => todayIso());
  const [source, setSource] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  // Leaving the page cancels an upload still in flight.
  useEffect(() => () => abort.current?.abort(), []);

  const uploading = progress !== null;
  const fieldError = (field: Field) => local[field] ?? errors.fields[field];
  const clear = (field: Field) => {
    setLocal((prev) => ({ ...prev, [field]: undefined }));
    errors.clearField(field);
    setNotice(null);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (uploading) return;
    errors.reset();
    setNotice(null);
    const problems: Partial<Record<Field, string>> = {};
    if (!file) problems.file = t('imports.upload.fileRequired');
    if (!isIsoDate(asOf)) problems.asOf = t('imports.upload.asOfInvalid');
    else if (asOf > todayIso()) problems.asOf = t('imports.upload.asOfFuture');
    setLocal(problems);
    if (!file || Object.keys(problems).length) return;

    const controller = new AbortController();
    abort.current = controller;
    setProgress({ loaded: 0, total: file.size });
    uploadArrearsFile({ file, asOf, source, departments: codes }, setProgress, controller.signal).then(
      (received) => {
        abort.current = null;
        void queryClient.invalidateQueries({ queryKey: arrearsKeys.imports });
        const state: ImportNavigationState = { duplicate: received.duplicate };
        navigate(`/imports/${received.id}`, { state });
      },
      (error: unknown) => {
        abort.current = null;
        setProgress(null);
        if (error instanceof DOMException && error.name === 'AbortError') {
          setNotice(t('imports.upload.cancelled'));
        } else if (isApiError(error) && error.status === 413) {
          setLocal({ file: t('imports.upload.tooLarge') });
        } else {
          errors.setFromError(error);
        }
      },
    );
  };

  const percent = progress?.total ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;
  const sentAll = progress !== null && progress.total !== null && progress.loaded >= progress.total;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="upload-title">
      <Title order={2} size="h4" id="upload-title" mb="xs">
        {t('imports.upload.title')}
      </Title>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormSummary message={errors.summary} />
          <FileInput
            label={t('imports.upload.file')}
            description={t('imports.upload.fileHelp')}
            placeholder={t('imports.upload.filePlaceholder')}
            // A real element (not an input's ::placeholder), so it must pass the contrast check.
            styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' } }}
            accept=".csv,text/csv"
            name="file"
            required
            clearable
            clearButtonProps={{ 'aria-label': t('imports.upload.clearFile') }}
            leftSection={<IconFileUpload size={16} aria-hidden="true" />}
            value={file}
            onChange={(value) => {
              setFile(value);
              clear('file');
            }}
            error={fieldError('file')}
            disabled={uploading}
            maw={560}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              type="date"
              label={t('imports.upload.asOf')}
              description={t('imports.upload.asOfHelp')}
              name="asOf"
              required
              max={todayIso()}
              value={asOf}
              onChange={(e) => {
                setAsOf(e.currentTarget.value);
                clear('asOf');
              }}
              error={fieldError('asOf')}
              disabled={uploading}
            />
            <TextInput
              label={t('imports.upload.source')}
              description={t('imports.upload.sourceHelp')}
              name="source"
              autoComplete="off"
              maxLength={100}
              value={source}
              onChange={(e) => {
                setSource(e.currentTarget.value);
                clear('source');
              }}
              error={fieldError('source')}
              disabled={uploading}
            />
            <MultiSelect
              label={t('imports.upload.departments')}
              description={t('imports.upload.departmentsHelp')}
              name="departments"
              placeholder={codes.length ? undefined : t('imports.upload.departmentsPlaceholder')}
              data={(departments.data ?? []).map((d) => ({ value: d.code, label: `${d.code} – ${d.name}` }))}
              value={codes}
              onChange={(value) => {
                setCodes(value);
                clear('departments');
              }}
              error={fieldError('departments')}
              searchable
              clearable
              disabled={uploading}
            />
          </SimpleGrid>

          {progress ? (
            <Stack gap={4} data-testid="upload-progress">
              <Text size="sm" fw={600}>
                {sentAll ? t('imports.upload.sent') : t('imports.upload.sending', { name: file?.name ?? '' })}
              </Text>
              <Progress value={percent} size="lg" aria-label={t('imports.upload.progressLabel')} />
              <Text size="sm" aria-live="polite">
                {progress.total
                  ? t('imports.upload.progressText', {
                      percent,
                      loaded: formatBytes(Math.min(progress.loaded, progress.total)),
                      total: formatBytes(progress.total),
                    })
                  : t('imports.upload.progressUnknown', { loaded: formatBytes(progress.loaded) })}
              </Text>
            </Stack>
          ) : null}

          <div role="status" aria-live="polite">
            {notice ? (
              <Alert color="gray.8" variant="outline" icon={<IconInfoCircle aria-hidden="true" />}>
                <Text size="sm">{notice}</Text>
              </Alert>
            ) : null}
          </div>

          <Group gap="sm">
            <Button type="submit" leftSection={<IconUpload size={16} aria-hidden="true" />} loading={uploading}>
              {t('imports.upload.submit')}
            </Button>
            {uploading ? (
              <Button variant="default" onClick={() => abort.current?.abort()}>
                {t('imports.upload.cancel')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
