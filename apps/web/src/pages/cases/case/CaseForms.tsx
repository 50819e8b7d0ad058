import { Group, Radio, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_CHANNELS, type ContactChannel, type ContactDirection } from '@forebyg/domain/case-lists';
import { useAddNote, useAssignees, useCaseChange } from '../../../api/cases';
import type { CaseDetail } from '../../../api/caseTypes';
import { useCurrentUser } from '../../../auth/CurrentUser';
import { addDays, isIsoDate, todayIso } from '../../../lib/dates';
import { assigneeOptions } from '../assigneeOptions';
import { ChangeFormAlerts } from '../ChangeFormAlerts';
import { useChangeForm } from '../useChangeForm';
import { FormButtons } from '../../../components/FormButtons';

interface FormProps {
  detail: CaseDetail;
  /** Called after a successful save (e.g. to close a modal). */
  onDone?: () => void;
  /** Show a cancel button (in a modal). */
  onCancel?: () => void;
  autoFocus?: boolean;
}

const CONTACT_FIELDS = ['channel', 'reached', 'direction', 'summary', 'at'] as const;

export function ContactForm({ detail, onDone, onCancel, autoFocus }: FormProps) {
  const { t } = useTranslation();
  const change = useCaseChange(detail.id);
  const form = useChangeForm(CONTACT_FIELDS);
  const [channel, setChannel] = useState<ContactChannel | null>('phone');
  const [reached, setReached] = useState<'' | 'yes' | 'no'>('');
  const [direction, setDirection] = useState<ContactDirection>('outbound');
  const [summary, setSummary] = useState('');
  const [local, setLocal] = useState<{ channel?: string; reached?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const missing = {
      channel: channel ? undefined : t('errors.reason.required'),
      reached: reached ? undefined : t('errors.reason.required'),
    };
    setLocal(missing);
    if (missing.channel || missing.reached) return;
    change.mutate(
      {
        method: 'POST',
        path: '/contacts',
        body: { channel, reached: reached === 'yes', direction, summary: summary.trim() || undefined },
      },
      {
        onSuccess: () => {
          setReached('');
          setSummary('');
          onDone?.();
        },
        onError: form.onError,
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts form={form} onReload={() => form.setConflict(null)} />
        <Group grow align="flex-start">
          <Select
            label={t('case.contact.channel')}
            data={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`caseLabels.channel.${c}`) }))}
            value={channel}
            onChange={(value) => {
              setChannel(value as ContactChannel | null);
              setLocal((p) => ({ ...p, channel: undefined }));
            }}
            allowDeselect={false}
            required
            error={local.channel ?? form.fields.channel}
            data-autofocus={autoFocus || undefined}
          />
          <Select
            label={t('case.contact.direction')}
            data={(['outbound', 'inbound'] as const).map((d) => ({ value: d, label: t(`caseLabels.direction.${d}`) }))}
            value={direction}
            onChange={(value) => value && setDirection(value as ContactDirection)}
            allowDeselect={false}
            error={form.fields.direction}
          />
        </Group>
        <Radio.Group
          label={t('case.contact.reached')}
          value={reached}
          onChange={(value) => {
            setReached(value as 'yes' | 'no');
            setLocal((p) => ({ ...p, reached: undefined }));
          }}
          required
          error={local.reached ?? form.fields.reached}
        >
          <Group gap="lg" mt={4}>
            <Radio value="yes" label={t('case.contact.reachedYes')} />
            <Radio value="no" label={t('case.contact.reachedNo')} />
          </Group>
        </Radio.Group>
        <Textarea
          label={t('case.contact.summary')}
          autosize
          minRows={2}
          maxLength={2000}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          error={form.fields.summary}
        />
        <FormButtons submit={t('case.contact.submit')} loading={change.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

const TASK_FIELDS = ['title', 'dueDate', 'assigneeId'] as const;

export function TaskForm({ detail, onDone, onCancel, autoFocus }: FormProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const change = useCaseChange(detail.id);
  const assignees = useAssignees(detail.departmentId);
  const form = useChangeForm(TASK_FIELDS);
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState(() => addDays(todayIso(), 7));
  const [assigneeId, setAssigneeId] = useState<string | null>(me.id);
  const [local, setLocal] = useState<{ title?: string; dueDate?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const missing = {
      title: title.trim() ? undefined : t('errors.reason.required'),
      dueDate: isIsoDate(dueDate) ? undefined : t('case.invalidDate'),
    };
    setLocal(missing);
    if (missing.title || missing.dueDate) return;
    change.mutate(
      { method: 'POST', path: '/tasks', body: { title: title.trim(), dueDate, assigneeId: assigneeId ?? undefined } },
      {
        onSuccess: () => {
          setTitle('');
          onDone?.();
        },
        onError: form.onError,
      },
    );
  };

  const options = assigneeOptions(t, assignees.data?.items, false);
  if (assigneeId && !options.some((o) => o.value === assigneeId)) options.unshift({ value: assigneeId, label: me.name });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts form={form} onReload={() => form.setConflict(null)} />
        <TextInput
          label={t('case.task.titleField')}
          value={title}
          maxLength={300}
          required
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            setLocal((p) => ({ ...p, title: undefined }));
          }}
          error={local.title ?? form.fields.title}
          data-autofocus={autoFocus || undefined}
        />
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('case.task.dueDate')}
            value={dueDate}
            required
            onChange={(e) => {
              setDueDate(e.currentTarget.value);
              setLocal((p) => ({ ...p, dueDate: undefined }));
            }}
            error={local.dueDate ?? form.fields.dueDate}
          />
          <Select
            label={t('case.task.assignee')}
            data={options}
            value={assigneeId}
            onChange={setAssigneeId}
            searchable
            openOnFocus={false}
            error={form.fields.assigneeId}
          />
        </Group>
        <FormButtons submit={t('case.task.submit')} loading={change.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

const NOTE_FIELDS = ['body'] as const;

export function NoteForm({ detail, onDone, onCancel, autoFocus }: FormProps) {
  const { t } = useTranslation();
  const addNote = useAddNote(detail.id);
  const form = useChangeForm(NOTE_FIELDS);
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    if (!body.trim()) {
      setMissing(true);
      return;
    }
    addNote.mutate(body.trim(), {
      onSuccess: () => {
        setBody('');
        onDone?.();
      },
      onError: form.onError,
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts form={form} onReload={() => form.setConflict(null)} />
        <Textarea
          label={t('case.note.body')}
          description={t('case.note.restricted')}
          autosize
          minRows={3}
          maxLength={20000}
          required
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? t('errors.reason.required') : form.fields.body}
          data-autofocus={autoFocus || undefined}
        />
        <FormButtons submit={t('case.note.submit')} loading={addNote.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
