import { Badge, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { caseKeys, useCaseChange, useCaseNotes, useEditNote } from '../../../api/cases';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  type Application,
  type ApplicationKind,
  type ApplicationStatus,
  type CaseDetail,
  type CaseNote,
} from '../../../api/caseTypes';
import { AppModal } from '../../../components/AppModal';
import { ErrorAlert, Loading } from '../../../components/Feedback';
import { MoneyInput } from '../../../components/MoneyInput';
import { isIsoDate } from '../../../lib/dates';
import { formatDate, formatDateTime, formatMoney } from '../../../lib/format';
import { kronerInputValue, parseKroner } from '../../../lib/money';
import { ChangeFormAlerts } from '../ChangeFormAlerts';
import { useChangeForm } from '../useChangeForm';
import { ContactForm, NoteForm, TaskForm } from './CaseForms';
import { useBasedOn } from './useBasedOn';
import { useRowChange } from './useRowChange';

export function PanelSection({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs" mt="md">
        {title}
      </Title>
      {children}
    </section>
  );
}

export const writable = (detail: CaseDetail) => detail.can.write && detail.status === 'open';

export function ContactsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {writable(detail) ? (
        <Paper withBorder p="sm">
          <PanelSection title={t('case.contact.title')} id="contact-form-title">
            <ContactForm detail={detail} />
          </PanelSection>
        </Paper>
      ) : null}
      <PanelSection title={t('case.contact.list')} id="contact-list-title">
        {detail.contacts.length === 0 ? (
          <Text size="sm">{t('case.contact.none')}</Text>
        ) : (
          <Table striped fz="sm" aria-labelledby="contact-list-title" data-testid="contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('case.contact.at')}</Table.Th>
                <Table.Th scope="col">{t('case.contact.channel')}</Table.Th>
                <Table.Th scope="col">{t('case.contact.reached')}</Table.Th>
                <Table.Th scope="col">{t('case.contact.summary')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.contacts.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(c.at)}
                    {c.createdBy ? (
                      <Text size="xs" c="dimmed">
                        {c.createdBy.name}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {t(`caseLabels.channel.${c.channel}`)}
                    <Text size="xs" c="dimmed">
                      {t(`caseLabels.direction.${c.direction}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={c.reached ? 'teal.9' : 'gray.7'} variant={c.reached ? 'filled' : 'outline'} tt="none">
                      {c.reached ? t('case.contact.reachedBadge') : t('case.contact.notReachedBadge')}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{c.summary ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PanelSection>
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
  return (
    <Stack gap="sm">
      {row.alerts}
      <PanelSection title={t('case.task.list')} id="task-list-title">
        {tasks.length === 0 ? (
          <Text size="sm">{t('case.task.none')}</Text>
        ) : (
          <Table striped fz="sm" aria-labelledby="task-list-title" data-testid="tasks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('case.task.done')}</Table.Th>
                <Table.Th scope="col">{t('case.task.titleField')}</Table.Th>
                <Table.Th scope="col">{t('case.task.dueDate')}</Table.Th>
                <Table.Th scope="col">{t('case.task.assignee')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tasks.map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td>
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
                  </Table.Td>
                  <Table.Td style={task.doneAt ? { textDecoration: 'line-through' } : undefined}>{task.title}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(task.dueDate)}{' '}
                    {task.overdue && !task.doneAt ? (
                      <Badge color="red.9" variant="filled" size="xs" tt="none">
                        {t('case.task.overdue')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{task.assignee?.name ?? t('common.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PanelSection>
      {open ? (
        <Paper withBorder p="sm">
          <PanelSection title={t('case.task.title')} id="task-form-title">
            <TaskForm detail={detail} />
          </PanelSection>
        </Paper>
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
        <Paper withBorder p="sm">
          <PanelSection title={t('case.note.title')} id="note-form-title">
            <NoteForm detail={detail} />
          </PanelSection>
        </Paper>
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

export function ApplicationsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Application | null>(null);
  const open = writable(detail);
  return (
    <Stack gap="sm">
      <PanelSection title={t('case.application.list')} id="application-list-title">
        {detail.applications.length === 0 ? (
          <Text size="sm">{t('case.application.none')}</Text>
        ) : (
          <Table striped fz="sm" aria-labelledby="application-list-title" data-testid="applications">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('case.application.kind')}</Table.Th>
                <Table.Th scope="col">{t('case.application.status')}</Table.Th>
                <Table.Th scope="col">{t('case.application.submittedDate')}</Table.Th>
                <Table.Th scope="col">{t('case.application.decidedDate')}</Table.Th>
                <Table.Th scope="col">{t('case.application.amount')}</Table.Th>
                <Table.Th scope="col">{t('case.application.note')}</Table.Th>
                {open ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.applications.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{t(`caseLabels.applicationKind.${a.kind}`)}</Table.Td>
                  <Table.Td>{t(`caseLabels.applicationStatus.${a.status}`)}</Table.Td>
                  <Table.Td>{formatDate(a.submittedDate)}</Table.Td>
                  <Table.Td>{formatDate(a.decidedDate)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.amountOre != null ? formatMoney(a.amountOre) : ''}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{a.note ?? ''}</Table.Td>
                  {open ? (
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setEditing(a)}
                        aria-label={t('case.application.editLabel', { kind: t(`caseLabels.applicationKind.${a.kind}`) })}
                      >
                        {t('case.application.edit')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PanelSection>
      {open ? (
        <Paper withBorder p="sm">
          <PanelSection title={t('case.application.add')} id="application-form-title">
            <ApplicationForm detail={detail} />
          </PanelSection>
        </Paper>
      ) : null}
      {editing ? (
        <AppModal opened onClose={() => setEditing(null)} title={t('case.application.editTitle')} closeOnClickOutside={false}>
          <ApplicationForm detail={detail} application={editing} onDone={() => setEditing(null)} onCancel={() => setEditing(null)} />
        </AppModal>
      ) : null}
    </Stack>
  );
}

const APPLICATION_FIELDS = ['kind', 'status', 'submittedDate', 'decidedDate', 'amountOre', 'note'] as const;

function ApplicationForm({
  detail,
  application,
  onDone,
  onCancel,
}: {
  detail: CaseDetail;
  application?: Application;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const change = useCaseChange(detail.id);
  const form = useChangeForm(APPLICATION_FIELDS);
  const based = useBasedOn(detail.id, application?.version ?? 0, (d) => d.applications.find((a) => a.id === application?.id)?.version);
  const [kind, setKind] = useState<ApplicationKind | null>(application?.kind ?? null);
  const [status, setStatus] = useState<ApplicationStatus>(application?.status ?? 'planned');
  const [submittedDate, setSubmittedDate] = useState(application?.submittedDate ?? '');
  const [decidedDate, setDecidedDate] = useState(application?.decidedDate ?? '');
  const [amount, setAmount] = useState(kronerInputValue(application?.amountOre));
  const [note, setNote] = useState(application?.note ?? '');
  const [local, setLocal] = useState<{ kind?: string; amountOre?: string; date?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const parsed = parseKroner(amount);
    const badDate = [submittedDate, decidedDate].some((d) => d && !isIsoDate(d));
    const errors = {
      kind: kind ? undefined : t('errors.reason.required'),
      amountOre: !parsed.ok && !parsed.empty ? t('case.money.invalid') : undefined,
      date: badDate ? t('case.invalidDate') : undefined,
    };
    setLocal(errors);
    if (errors.kind || errors.amountOre || errors.date) return;
    const done = () => {
      if (!application) {
        setKind(null);
        setStatus('planned');
        setSubmittedDate('');
        setNote('');
      }
      onDone?.();
    };
    if (application) {
      change.mutate(
        {
          method: 'PATCH',
          path: `/applications/${application.id}`,
          body: {
            version: based.version,
            status,
            submittedDate: submittedDate || undefined,
            decidedDate: decidedDate || undefined,
            amountOre: parsed.ok ? parsed.ore : undefined,
            note: note.trim() || undefined,
          },
        },
        { onSuccess: done, onError: form.onError },
      );
    } else {
      change.mutate(
        {
          method: 'POST',
          path: '/applications',
          body: { kind, status, submittedDate: submittedDate || undefined, note: note.trim() || undefined },
        },
        { onSuccess: done, onError: form.onError },
      );
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts
          form={form}
          onReload={async () => {
            await based.reload();
            form.setConflict(null);
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('case.application.kind')}
            data={APPLICATION_KINDS.map((k) => ({ value: k, label: t(`caseLabels.applicationKind.${k}`) }))}
            value={kind}
            onChange={(value) => {
              setKind(value as ApplicationKind | null);
              setLocal((p) => ({ ...p, kind: undefined }));
            }}
            disabled={Boolean(application)}
            required
            allowDeselect={false}
            error={local.kind ?? form.fields.kind}
          />
          <Select
            label={t('case.application.status')}
            data={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`caseLabels.applicationStatus.${s}`) }))}
            value={status}
            onChange={(value) => value && setStatus(value as ApplicationStatus)}
            allowDeselect={false}
            error={form.fields.status}
          />
          <TextInput
            type="date"
            label={t('case.application.submittedDate')}
            value={submittedDate}
            onChange={(e) => setSubmittedDate(e.currentTarget.value)}
            error={form.fields.submittedDate ?? local.date}
          />
          {application ? (
            <>
              <TextInput
                type="date"
                label={t('case.application.decidedDate')}
                value={decidedDate}
                onChange={(e) => setDecidedDate(e.currentTarget.value)}
                error={form.fields.decidedDate}
              />
              <MoneyInput
                label={t('case.application.amount')}
                value={amount}
                onChange={(e) => setAmount(e.currentTarget.value)}
                error={local.amountOre ?? form.fields.amountOre}
              />
            </>
          ) : null}
        </SimpleGrid>
        <Textarea
          label={t('case.application.note')}
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={form.fields.note}
        />
        {based.gone ? (
          <Text c="red.9" size="sm">
            {t('case.conflict.gone')}
          </Text>
        ) : null}
        <Group justify="flex-end">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
          <Button type="submit" loading={change.isPending}>
            {application ? t('common.save') : t('case.application.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
