import { Select, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_OUTCOMES, type CaseOutcome } from '@forebyg/domain/case-outcomes';
import { useAssignees } from '../../../api/cases';
import type { CaseDetail } from '../../../api/caseTypes';
import { assigneeOptions, assigneeValue, CASEWORKER_ROLES, COUNSELLOR_ROLES, NONE } from '../assigneeOptions';
import { ContactForm, NoteForm, TaskForm } from './CaseForms';
import { FormButtons } from '../../../components/FormButtons';
import { ChangeFormModal, FormModal } from './panelParts';
import { useCaseLevelForm } from './useVersionedChangeForm';

/** The case page's dialogs (the stage change, risk and facts dialogs have files of their own). */
export type CaseDialog = 'contact' | 'note' | 'task' | 'stage' | 'close' | 'reopen' | 'assign' | 'risk' | 'facts';

export interface ModalProps {
  detail: CaseDetail;
  onClose: () => void;
  onSaved: (message: string) => void;
}

export function ContactModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  return (
    <FormModal onClose={onClose} title={t('case.contact.title')}>
      <ContactForm detail={detail} autoFocus onCancel={onClose} onDone={() => onSaved(t('case.contact.logged'))} />
    </FormModal>
  );
}

export function TaskModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  return (
    <FormModal onClose={onClose} title={t('case.task.title')}>
      <TaskForm detail={detail} autoFocus onCancel={onClose} onDone={() => onSaved(t('case.task.added'))} />
    </FormModal>
  );
}

export function NoteModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  return (
    <FormModal onClose={onClose} title={t('case.note.title')}>
      <NoteForm detail={detail} autoFocus onCancel={onClose} onDone={() => onSaved(t('case.note.added'))} />
    </FormModal>
  );
}

const CLOSE_FIELDS = ['outcome', 'note'] as const;

export function CloseModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, CLOSE_FIELDS);
  const [outcome, setOutcome] = useState<CaseOutcome | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    if (!outcome) {
      setMissing(true);
      return;
    }
    change.mutate(
      { method: 'POST', path: '/close', body: { version, outcome, note: note.trim() || undefined } },
      { onSuccess: () => onSaved(t('case.close.closed')), onError: form.onError },
    );
  };

  return (
    <ChangeFormModal title={t('case.close.title')} onClose={onClose} onSubmit={onSubmit} form={form} onReload={onReload}>
      <Select
        label={t('case.close.outcome')}
        placeholder={t('case.close.outcomePlaceholder')}
        data={CASE_OUTCOMES.map((o) => ({ value: o, label: t(`caseLabels.outcome.${o}`) }))}
        value={outcome}
        onChange={(value) => {
          setOutcome(value as CaseOutcome | null);
          setMissing(false);
        }}
        allowDeselect={false}
        required
        error={missing ? t('errors.reason.required') : form.fields.outcome}
        data-autofocus
      />
      <Textarea
        label={t('case.close.note')}
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={form.fields.note}
      />
      <FormButtons submit={t('case.close.submit')} loading={change.isPending} onCancel={onClose} />
    </ChangeFormModal>
  );
}

const REOPEN_FIELDS = ['reason'] as const;

export function ReopenModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, REOPEN_FIELDS);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    change.mutate(
      { method: 'POST', path: '/reopen', body: { version, reason: reason.trim() } },
      { onSuccess: () => onSaved(t('case.reopen.reopened')), onError: form.onError },
    );
  };

  return (
    <ChangeFormModal title={t('case.reopen.title')} onClose={onClose} onSubmit={onSubmit} form={form} onReload={onReload}>
      <Textarea
        label={t('case.reopen.reason')}
        autosize
        minRows={2}
        required
        value={reason}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? t('errors.reason.required') : form.fields.reason}
        data-autofocus
      />
      <FormButtons submit={t('case.reopen.submit')} loading={change.isPending} onCancel={onClose} />
    </ChangeFormModal>
  );
}

const ASSIGN_FIELDS = ['assignedCounsellorId', 'responsibleCaseworkerId'] as const;

export function AssignModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, ASSIGN_FIELDS);
  const assignees = useAssignees(detail.departmentId);
  const [counsellor, setCounsellor] = useState<string | null>(detail.assignedCounsellor?.id ?? NONE);
  const [caseworker, setCaseworker] = useState<string | null>(detail.responsibleCaseworker?.id ?? NONE);

  const withCurrent = (options: { value: string; label: string }[], ref: { id: string; name: string } | null) =>
    ref && !options.some((o) => o.value === ref.id) ? [...options, { value: ref.id, label: ref.name }] : options;
  const counsellorOptions = assigneeOptions(t, assignees.data?.items, true, COUNSELLOR_ROLES);
  const caseworkerOptions = assigneeOptions(t, assignees.data?.items, true, CASEWORKER_ROLES);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    change.mutate(
      {
        method: 'POST',
        path: '/assign',
        body: { version, assignedCounsellorId: assigneeValue(counsellor), responsibleCaseworkerId: assigneeValue(caseworker) },
      },
      { onSuccess: () => onSaved(t('case.assign.saved')), onError: form.onError },
    );
  };

  return (
    <ChangeFormModal title={t('case.assign.title')} onClose={onClose} onSubmit={onSubmit} form={form} onReload={onReload}>
      <Select
        label={t('case.assign.counsellor')}
        data={withCurrent(counsellorOptions, detail.assignedCounsellor)}
        value={counsellor}
        onChange={setCounsellor}
        allowDeselect={false}
        searchable
        openOnFocus={false}
        error={form.fields.assignedCounsellorId}
        data-autofocus
      />
      <Select
        label={t('case.assign.caseworker')}
        data={withCurrent(caseworkerOptions, detail.responsibleCaseworker)}
        value={caseworker}
        onChange={setCaseworker}
        allowDeselect={false}
        searchable
        openOnFocus={false}
        error={form.fields.responsibleCaseworkerId}
      />
      <FormButtons submit={t('case.assign.submit')} loading={change.isPending} onCancel={onClose} />
    </ChangeFormModal>
  );
}
