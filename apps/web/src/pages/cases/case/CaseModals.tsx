import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssignees, useCaseChange } from '../../../api/cases';
import {
  CASE_OUTCOMES,
  RISK_LEVELS,
  STAGES,
  type CaseDates,
  type CaseDetail,
  type CaseOutcome,
  type RiskLevel,
  type Stage,
} from '../../../api/caseTypes';
import { AppModal } from '../../../components/AppModal';
import { MoneyInput } from '../../../components/MoneyInput';
import { isIsoDate, todayIso } from '../../../lib/dates';
import { kronerInputValue, parseKroner } from '../../../lib/money';
import { assigneeOptions, assigneeValue, CASEWORKER_ROLES, COUNSELLOR_ROLES, NONE } from '../assigneeOptions';
import { ChangeFormAlerts } from '../ChangeFormAlerts';
import { useChangeForm } from '../useChangeForm';
import { ContactForm, NoteForm, TaskForm } from './CaseForms';
import { useBasedOn } from './useBasedOn';

export type CaseDialog = 'contact' | 'note' | 'task' | 'stage' | 'close' | 'reopen' | 'assign' | 'risk' | 'facts';

interface ModalProps {
  detail: CaseDetail;
  onClose: () => void;
  onSaved: (message: string) => void;
}

const caseVersion = (d: CaseDetail) => d.version;

function Buttons({ submit, loading, onCancel }: { submit: string; loading: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
    </Group>
  );
}

/** A case-level change form: the case version it is based on, its errors, and reload-on-conflict. */
function useCaseLevelForm<F extends string>(detail: CaseDetail, fields: readonly F[]) {
  const change = useCaseChange(detail.id);
  const form = useChangeForm(fields);
  const based = useBasedOn(detail.id, detail.version, caseVersion);
  const onReload = async () => {
    await based.reload();
    form.setConflict(null);
  };
  return { change, form, version: based.version, onReload };
}

export function ContactModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  return (
    <AppModal opened onClose={onClose} title={t('case.contact.title')} closeOnClickOutside={false}>
      <ContactForm detail={detail} autoFocus onCancel={onClose} onDone={() => onSaved(t('case.contact.logged'))} />
    </AppModal>
  );
}

export function TaskModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  return (
    <AppModal opened onClose={onClose} title={t('case.task.title')} closeOnClickOutside={false}>
      <TaskForm detail={detail} autoFocus onCancel={onClose} onDone={() => onSaved(t('case.task.added'))} />
    </AppModal>
  );
}

export function NoteModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  return (
    <AppModal opened onClose={onClose} title={t('case.note.title')} closeOnClickOutside={false}>
      <NoteForm detail={detail} autoFocus onCancel={onClose} onDone={() => onSaved(t('case.note.added'))} />
    </AppModal>
  );
}

/** Which of the case's dates a stage change records. */
export const STAGE_DATE_FIELD: Partial<Record<Stage, keyof CaseDates>> = {
  demand: 'demandSentDate',
  termination: 'terminationDate',
  legal: 'legalHandoverDate',
  court: 'courtFiledDate',
  eviction_scheduled: 'evictionDate',
};

const STAGE_FIELDS = ['stage', 'reason', 'date'] as const;

export function StageModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, STAGE_FIELDS);
  const currentIndex = STAGES.indexOf(detail.stage);
  const [stage, setStage] = useState<Stage | null>(STAGES[currentIndex + 1] ?? null);
  const [reason, setReason] = useState('');
  // The eviction date is the date the court set, never "today" by default.
  const [date, setDate] = useState(() => (STAGES[currentIndex + 1] === 'eviction_scheduled' ? '' : todayIso()));
  const [local, setLocal] = useState<{ stage?: string; reason?: string; date?: string }>({});

  const delta = stage ? STAGES.indexOf(stage) - currentIndex : 0;
  const needsReason = stage !== null && delta !== 1 && delta !== 0;
  const hasDate = stage !== null && stage !== 'arrears';
  const dateRequired = stage === 'eviction_scheduled';

  const pickStage = (value: Stage | null) => {
    setStage(value);
    setLocal({});
    if (value === 'eviction_scheduled' && date === todayIso()) setDate('');
    if (value !== 'eviction_scheduled' && !date) setDate(todayIso());
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const errors = {
      stage: !stage ? t('errors.reason.required') : delta === 0 ? t('case.stage.sameStage') : undefined,
      reason: needsReason && !reason.trim() ? t('errors.reason.reason_required') : undefined,
      date:
        dateRequired && !date ? t('case.stage.evictionRequired') : hasDate && date && !isIsoDate(date) ? t('case.invalidDate') : undefined,
    };
    setLocal(errors);
    if (errors.stage || errors.reason || errors.date || !stage) return;
    change.mutate(
      {
        method: 'POST',
        path: '/stage',
        body: { version, stage, reason: reason.trim() || undefined, date: hasDate && date ? date : undefined },
      },
      { onSuccess: () => onSaved(t('case.stage.changed', { stage: t(`caseLabels.stage.${stage}`) })), onError: form.onError },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={t('case.stage.title')} closeOnClickOutside={false}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ChangeFormAlerts form={form} onReload={onReload} />
          <Text size="sm">{t('case.stage.current', { stage: t(`caseLabels.stage.${detail.stage}`) })}</Text>
          <Select
            label={t('case.stage.stage')}
            data={STAGES.filter((s) => s !== detail.stage).map((s) => ({ value: s, label: t(`caseLabels.stage.${s}`) }))}
            value={stage}
            onChange={(value) => pickStage(value as Stage | null)}
            allowDeselect={false}
            required
            error={local.stage ?? form.fields.stage}
            data-autofocus
          />
          {needsReason ? (
            <>
              <Alert color="blue.8" variant="outline" icon={<IconInfoCircle aria-hidden="true" />} p="xs">
                <Text size="sm">{delta > 1 ? t('case.stage.skip') : t('case.stage.back')}</Text>
              </Alert>
              <Textarea
                label={t('case.stage.reason')}
                description={t('case.stage.reasonHelp')}
                autosize
                minRows={2}
                required
                value={reason}
                onChange={(e) => {
                  setReason(e.currentTarget.value);
                  setLocal((p) => ({ ...p, reason: undefined }));
                }}
                error={local.reason ?? form.fields.reason}
              />
            </>
          ) : null}
          {hasDate && stage ? (
            <TextInput
              type="date"
              label={t(`case.stage.date.${stage as Exclude<Stage, 'arrears'>}`)}
              description={dateRequired ? undefined : t('case.stage.dateHelp')}
              required={dateRequired}
              value={date}
              onChange={(e) => {
                setDate(e.currentTarget.value);
                setLocal((p) => ({ ...p, date: undefined }));
              }}
              error={local.date ?? form.fields.date}
            />
          ) : null}
          <Buttons submit={t('case.stage.submit')} loading={change.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </AppModal>
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
    <AppModal opened onClose={onClose} title={t('case.close.title')} closeOnClickOutside={false}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ChangeFormAlerts form={form} onReload={onReload} />
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
          <Buttons submit={t('case.close.submit')} loading={change.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </AppModal>
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
    <AppModal opened onClose={onClose} title={t('case.reopen.title')} closeOnClickOutside={false}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ChangeFormAlerts form={form} onReload={onReload} />
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
          <Buttons submit={t('case.reopen.submit')} loading={change.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </AppModal>
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
    <AppModal opened onClose={onClose} title={t('case.assign.title')} closeOnClickOutside={false}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ChangeFormAlerts form={form} onReload={onReload} />
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
          <Buttons submit={t('case.assign.submit')} loading={change.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </AppModal>
  );
}

const RISK_FIELDS = ['level', 'reason'] as const;

export function RiskModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, RISK_FIELDS);
  const [level, setLevel] = useState<RiskLevel | null>(detail.risk.override?.level ?? null);
  const [reason, setReason] = useState(detail.risk.override?.reason ?? '');
  const [local, setLocal] = useState<{ level?: string; reason?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const errors = {
      level: level ? undefined : t('errors.reason.required'),
      reason: reason.trim() ? undefined : t('errors.reason.required'),
    };
    setLocal(errors);
    if (errors.level || errors.reason) return;
    change.mutate(
      { method: 'POST', path: '/risk-override', body: { version, level, reason: reason.trim() } },
      { onSuccess: () => onSaved(t('case.riskModal.saved')), onError: form.onError },
    );
  };

  const onClear = () => {
    form.reset();
    change.mutate(
      { method: 'POST', path: '/risk-override', body: { version, level: null } },
      { onSuccess: () => onSaved(t('case.riskModal.cleared')), onError: form.onError },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={t('case.riskModal.title')} closeOnClickOutside={false}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ChangeFormAlerts form={form} onReload={onReload} />
          <Text size="sm">
            {t('case.riskModal.computed', { level: t(`caseLabels.riskLevel.${detail.risk.computedLevel}`), score: detail.risk.score })}
          </Text>
          <Select
            label={t('case.riskModal.level')}
            data={[...RISK_LEVELS].reverse().map((r) => ({ value: r, label: t(`caseLabels.riskLevel.${r}`) }))}
            value={level}
            onChange={(value) => {
              setLevel(value as RiskLevel | null);
              setLocal((p) => ({ ...p, level: undefined }));
            }}
            allowDeselect={false}
            required
            error={local.level ?? form.fields.level}
            data-autofocus
          />
          <Textarea
            label={t('case.riskModal.reason')}
            description={t('case.riskModal.reasonHelp')}
            autosize
            minRows={2}
            required
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setLocal((p) => ({ ...p, reason: undefined }));
            }}
            error={local.reason ?? form.fields.reason}
          />
          <Group justify="space-between">
            {detail.risk.overridden ? (
              <Button variant="outline" onClick={onClear} loading={change.isPending}>
                {t('case.riskModal.clear')}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={change.isPending}>
                {t('case.riskModal.submit')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

const EDITABLE_DATES = [
  'oldestDueDate',
  'demandSentDate',
  'terminationDate',
  'legalHandoverDate',
  'courtFiledDate',
  'evictionDate',
] as const;
type EditableDate = (typeof EDITABLE_DATES)[number];
const FACT_FIELDS = ['arrearsOre', 'childrenInHousehold', 'dates'] as const;

export function FactsModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, FACT_FIELDS);
  const [arrears, setArrears] = useState(kronerInputValue(detail.arrearsOre));
  const [children, setChildren] = useState<string | number>(detail.childrenInHousehold);
  const [dates, setDates] = useState<Record<EditableDate, string>>(() => {
    const out = {} as Record<EditableDate, string>;
    for (const key of EDITABLE_DATES) out[key] = detail.dates[key] ?? '';
    return out;
  });
  const [local, setLocal] = useState<{ arrearsOre?: string; dates?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const parsed = parseKroner(arrears);
    const badDate = EDITABLE_DATES.some((k) => dates[k] && !isIsoDate(dates[k]));
    const errors = { arrearsOre: parsed.ok ? undefined : t('case.money.invalid'), dates: badDate ? t('case.invalidDate') : undefined };
    setLocal(errors);
    if (!parsed.ok || badDate) return;
    const changedDates: Partial<Record<EditableDate, string | null>> = {};
    for (const key of EDITABLE_DATES) {
      const before = detail.dates[key] ?? '';
      if (dates[key] !== before) changedDates[key] = dates[key] || null;
    }
    const body: Record<string, unknown> = { version };
    if (parsed.ore !== detail.arrearsOre) body.arrearsOre = parsed.ore;
    const childCount = Number(children || 0);
    if (childCount !== detail.childrenInHousehold) body.childrenInHousehold = childCount;
    if (Object.keys(changedDates).length) body.dates = changedDates;
    if (Object.keys(body).length === 1) {
      onClose();
      return;
    }
    change.mutate({ method: 'PATCH', path: '', body }, { onSuccess: () => onSaved(t('case.facts.saved')), onError: form.onError });
  };

  return (
    <AppModal opened onClose={onClose} title={t('case.facts.title')} closeOnClickOutside={false}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ChangeFormAlerts form={form} onReload={onReload} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MoneyInput
              label={t('case.facts.arrears')}
              value={arrears}
              onChange={(e) => {
                setArrears(e.currentTarget.value);
                setLocal((p) => ({ ...p, arrearsOre: undefined }));
              }}
              error={local.arrearsOre ?? form.fields.arrearsOre}
              data-autofocus
            />
            <NumberInput
              label={t('case.facts.children')}
              min={0}
              max={30}
              allowDecimal={false}
              allowNegative={false}
              value={children}
              onChange={setChildren}
              error={form.fields.childrenInHousehold}
            />
            {EDITABLE_DATES.map((key) => (
              <TextInput
                key={key}
                type="date"
                label={t(`caseLabels.dates.${key}`)}
                value={dates[key]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setDates((p) => ({ ...p, [key]: value }));
                  setLocal((p) => ({ ...p, dates: undefined }));
                }}
              />
            ))}
          </SimpleGrid>
          {local.dates || form.fields.dates ? (
            <Text c="red.9" size="sm" role="alert">
              {local.dates ?? form.fields.dates}
            </Text>
          ) : null}
          <Buttons submit={t('common.save')} loading={change.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </AppModal>
  );
}
