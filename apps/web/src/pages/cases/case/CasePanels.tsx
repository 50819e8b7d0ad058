import { Badge, Button, Checkbox, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { caseKeys, useCaseNotes, useEditNote } from '../../../api/cases';
import type { CaseContact, CaseDetail, CaseNote, CaseTask } from '../../../api/caseTypes';
import { ErrorAlert, Loading } from '../../../components/Feedback';
import { listColumn, useListTable } from '../../../components/useListTable';
import { formatDate, formatDateTime } from '../../../lib/format';
import { ChangeFormAlerts } from '../ChangeFormAlerts';
import { useChangeForm } from '../useChangeForm';
import { ContactForm, NoteForm, TaskForm } from './CaseForms';
import { FormBox, ListTable, PanelSection, writable } from './panelParts';
import { useRowChange } from './useRowChange';

const contactColumn = listColumn<CaseContact>;
const taskColumn = listColumn<CaseTask>;
const NOWRAP = { cellStyle: { whiteSpace: 'nowrap' } } as const;

export function ContactsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const contacts = useListTable({
    data: detail.contacts,
    columns: [
      contactColumn(
        'at',
        t('case.contact.at'),
        (c) => (
          <>
            {formatDateTime(c.at)}
            {c.createdBy ? (
              <Text size="xs" c="dimmed">
                {c.createdBy.name}
              </Text>
            ) : null}
          </>
        ),
        NOWRAP,
      ),
      contactColumn('channel', t('case.contact.channel'), (c) => (
        <>
          {t(`caseLabels.channel.${c.channel}`)}
          <Text size="xs" c="dimmed">
            {t(`caseLabels.direction.${c.direction}`)}
          </Text>
        </>
      )),
      contactColumn('reached', t('case.contact.reached'), (c) => (
        <Badge color={c.reached ? 'teal.9' : 'gray.7'} variant={c.reached ? 'filled' : 'outline'} tt="none">
          {c.reached ? t('case.contact.reachedBadge') : t('case.contact.notReachedBadge')}
        </Badge>
      )),
      contactColumn('summary', t('case.contact.summary'), (c) => c.summary ?? '', { cellStyle: { whiteSpace: 'pre-wrap' } }),
    ],
  });
  return (
    <Stack gap="sm">
      {writable(detail) ? (
        <FormBox title={t('case.contact.title')} id="contact-form-title">
          <ContactForm detail={detail} />
        </FormBox>
      ) : null}
      <ListTable title={t('case.contact.list')} id="contact-list-title" testId="contacts" none={t('case.contact.none')} table={contacts} />
    </Stack>
  );
}

export function TasksPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const row = useRowChange(detail.id);
  const open = writable(detail);
  const tasks = [...detail.tasks].sort(
    (a, b) => Number(Boolean(a.doneAt)) - Number(Boolean(b.doneAt)) || a.dueDate.localeCompare(b.dueDate),
  );
  const table = useListTable({
    data: tasks,
    columns: [
      taskColumn('done', t('case.task.done'), (task) => (
        <Checkbox
          aria-label={t('case.task.markDone', { title: task.title })}
          checked={Boolean(task.doneAt)}
          disabled={!open || row.pending}
          onChange={(e) =>
            row.run({
              method: 'PATCH',
              path: `/tasks/${task.id}`,
              body: { version: task.version, done: e.currentTarget.checked },
            })
          }
        />
      )),
      taskColumn('title', t('case.task.titleField'), (task) =>
        task.doneAt ? <span style={{ textDecoration: 'line-through' }}>{task.title}</span> : task.title,
      ),
      taskColumn(
        'dueDate',
        t('case.task.dueDate'),
        (task) => (
          <>
            {formatDate(task.dueDate)}{' '}
            {task.overdue && !task.doneAt ? (
              <Badge color="red.9" variant="filled" size="xs" tt="none">
                {t('case.task.overdue')}
              </Badge>
            ) : null}
          </>
        ),
        NOWRAP,
      ),
      taskColumn('assignee', t('case.task.assignee'), (task) => task.assignee?.name ?? t('common.none')),
    ],
  });
  return (
    <Stack gap="sm">
      {row.alerts}
      <ListTable title={t('case.task.list')} id="task-list-title" testId="tasks" none={t('case.task.none')} table={table} />
      {open ? (
        <FormBox title={t('case.task.title')} id="task-form-title">
          <TaskForm detail={detail} />
        </FormBox>
      ) : null}
    </Stack>
  );
}

export function NotesPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const notes = useCaseNotes(detail.id, detail.can.readNotes);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('case.note.restricted')}
      </Text>
      {detail.can.writeNotes ? (
        <FormBox title={t('case.note.title')} id="note-form-title">
          <NoteForm detail={detail} />
        </FormBox>
      ) : null}
      <PanelSection title={t('case.note.list')} id="note-list-title">
        {notes.isPending ? <Loading /> : null}
        {notes.isError ? <ErrorAlert error={notes.error} onRetry={() => void notes.refetch()} /> : null}
        {notes.data && notes.data.items.length === 0 ? <Text size="sm">{t('case.note.none')}</Text> : null}
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {notes.data?.items.map((note) => (
            <Paper component="li" withBorder p="sm" key={note.id}>
              <Group justify="space-between" align="flex-start">
                <Text size="xs" c="dimmed">
                  {note.author?.name ?? t('common.none')} · {formatDateTime(note.createdAt)}
                  {note.updatedAt !== note.createdAt ? ` · ${t('case.note.edited', { date: formatDateTime(note.updatedAt) })}` : ''}
                </Text>
                {note.editable && detail.can.writeNotes && editing !== note.id ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    leftSection={<IconPencil size={14} aria-hidden="true" />}
                    onClick={() => setEditing(note.id)}
                    aria-label={t('case.note.editLabel', { date: formatDateTime(note.createdAt) })}
                  >
                    {t('case.note.edit')}
                  </Button>
                ) : null}
              </Group>
              {editing === note.id ? (
                <EditNoteForm caseId={detail.id} note={note} onDone={() => setEditing(null)} />
              ) : (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {note.body}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      </PanelSection>
    </Stack>
  );
}

const NOTE_FIELDS = ['body'] as const;

function EditNoteForm({ caseId, note, onDone }: { caseId: string; note: CaseNote; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const editNote = useEditNote(caseId);
  const form = useChangeForm(NOTE_FIELDS);
  const [body, setBody] = useState(note.body);
  const [version, setVersion] = useState(note.version);

  const onReload = async () => {
    await queryClient.refetchQueries({ queryKey: caseKeys.notes(caseId), exact: true });
    const fresh = queryClient.getQueryData<{ items: CaseNote[] }>(caseKeys.notes(caseId));
    const current = fresh?.items.find((n) => n.id === note.id);
    if (current) setVersion(current.version);
    form.setConflict(null);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    editNote.mutate({ noteId: note.id, version, body: body.trim() }, { onSuccess: onDone, onError: form.onError });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="xs" mt="xs">
        <ChangeFormAlerts form={form} onReload={onReload} />
        <Textarea
          label={t('case.note.body')}
          autosize
          minRows={3}
          maxLength={20000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={form.fields.body}
          autoFocus
        />
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" size="xs" loading={editNote.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
