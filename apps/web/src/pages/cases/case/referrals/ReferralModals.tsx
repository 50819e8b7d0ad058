import { Alert, Button, Divider, Group, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferralPurpose } from '@forebyg/domain/referral-lists';
import { partnerAnswersFrom, type PartnerAnswer } from '@forebyg/domain/referral-transitions';
import type { ReferralAction } from '../../../../api/referrals';
import type { Referral } from '../../../../api/referralTypes';
import { AppModal } from '../../../../components/AppModal';
import { FormSummary } from '../../../../components/FormSummary';
import { formErrorsFrom } from '../../../../lib/errors';
import { refLabel } from '../../../../lib/referralText';

/** What "Send" is about: a recommendation not yet a referral, or a proposal already made. */
export type SendTarget =
  { kind: 'new'; partnerId: string; partnerName: string; purpose: ReferralPurpose } | { kind: 'proposal'; referral: Referral };

const OVERRIDE_FIELDS = ['overrideReason'] as const;

/**
 * The partner needs the tenant's consent and none is on file: record it, or (with consents:override) send
 * anyway with a reason, which is audited.
 */
export function ConsentMissingModal({
  target,
  canRecordConsent,
  canOverride,
  error,
  sending,
  onClose,
  onRecordConsent,
  onOverride,
}: {
  target: SendTarget;
  canRecordConsent: boolean;
  canOverride: boolean;
  error: unknown;
  sending: boolean;
  onClose: () => void;
  onRecordConsent: () => void;
  onOverride: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const partner = target.kind === 'new' ? target.partnerName : target.referral.partnerName;
  const purpose = target.kind === 'new' ? target.purpose : target.referral.purpose;
  const server = formErrorsFrom(t, error, OVERRIDE_FIELDS);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason.trim()) {
      setLocal(t('referrals.consentMissing.reasonRequired'));
      return;
    }
    onOverride(reason.trim());
  };

  return (
    <AppModal opened onClose={onClose} title={t('referrals.consentMissing.title')} closeOnClickOutside={false}>
      <Stack gap="sm">
        <Alert
          color="orange.9"
          variant="outline"
          icon={<IconAlertTriangle aria-hidden="true" />}
          role="alert"
          data-testid="consent-missing"
        >
          <Text size="sm">{t('referrals.consentMissing.text', { partner, purpose: refLabel(t, 'purpose', purpose).toLowerCase() })}</Text>
        </Alert>
        {canRecordConsent ? (
          <Group>
            <Button onClick={onRecordConsent} data-autofocus>
              {t('referrals.consentMissing.record')}
            </Button>
          </Group>
        ) : (
          <Text size="sm">{t('referrals.consentMissing.askColleague')}</Text>
        )}
        {canOverride ? (
          <>
            <Divider />
            <form onSubmit={submit} noValidate>
              <Stack gap="xs">
                <Title order={3} size="h5">
                  {t('referrals.consentMissing.overrideTitle')}
                </Title>
                <Text size="sm">{t('referrals.consentMissing.overrideText')}</Text>
                <FormSummary message={server.summary} />
                <Textarea
                  label={t('referrals.consentMissing.overrideReason')}
                  description={t('referrals.consentMissing.overrideHelp')}
                  required
                  autosize
                  minRows={2}
                  maxLength={1000}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.currentTarget.value);
                    setLocal(undefined);
                  }}
                  error={local ?? server.fields.overrideReason}
                />
                <Group justify="flex-end">
                  <Button type="submit" color="red.9" loading={sending}>
                    {t('referrals.consentMissing.overrideSubmit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

const ACTION_FIELDS = ['reason', 'status', 'note'] as const;

/** Dismiss a proposal, withdraw a referral, or record an answer the partner gave by phone. */
export function ReferralActionModal({
  referral,
  action,
  error,
  pending,
  onClose,
  onSubmit,
}: {
  referral: Referral;
  action: 'dismiss' | 'withdraw' | 'answer';
  error: unknown;
  pending: boolean;
  onClose: () => void;
  onSubmit: (change: ReferralAction, message: string) => void;
}) {
  const { t } = useTranslation();
  const partner = referral.partnerName;
  const answers = partnerAnswersFrom(referral.status);
  const [status, setStatus] = useState<PartnerAnswer | ''>('');
  const [text, setText] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const server = formErrorsFrom(t, error, ACTION_FIELDS);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = text.trim() || undefined;
    if (action === 'answer') {
      if (!status) {
        setLocal(t('referrals.answer.statusRequired'));
        return;
      }
      onSubmit(
        { action: 'answer', version: referral.version, status, note: value },
        t('referrals.answer.done', { partner, status: refLabel(t, 'referralStatus', status).toLowerCase() }),
      );
    } else if (action === 'dismiss') {
      onSubmit({ action: 'dismiss', version: referral.version, reason: value }, t('referrals.dismiss.done', { partner }));
    } else {
      onSubmit({ action: 'withdraw', version: referral.version, reason: value }, t('referrals.withdraw.done', { partner }));
    }
  };

  const title =
    action === 'answer'
      ? t('referrals.answer.title', { partner })
      : action === 'dismiss'
        ? t('referrals.dismiss.title')
        : t('referrals.withdraw.title');

  return (
    <AppModal opened onClose={onClose} title={title} closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormSummary message={server.summary} />
          {action === 'answer' ? (
            <>
              <Radio.Group
                label={t('referrals.answer.status')}
                required
                value={status}
                onChange={(value) => {
                  setStatus(value as PartnerAnswer);
                  setLocal(undefined);
                }}
                error={local ?? server.fields.status}
              >
                <Stack gap={6} mt={6}>
                  {answers.map((a) => (
                    <Radio key={a} value={a} label={refLabel(t, 'referralStatus', a)} />
                  ))}
                </Stack>
              </Radio.Group>
              <Textarea
                label={t('referrals.answer.note')}
                description={t('referrals.answer.noteHelp')}
                autosize
                minRows={2}
                maxLength={2000}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                error={server.fields.note}
              />
            </>
          ) : (
            <>
              <Text size="sm">
                {action === 'dismiss' ? t('referrals.dismiss.text', { partner }) : t('referrals.withdraw.text', { partner })}
              </Text>
              <Textarea
                label={t('referrals.reasonOptional')}
                autosize
                minRows={2}
                maxLength={1000}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                error={server.fields.reason}
                data-autofocus
              />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} color={action === 'answer' ? undefined : 'red.9'}>
              {action === 'answer'
                ? t('referrals.answer.submit')
                : action === 'dismiss'
                  ? t('referrals.dismiss.submit')
                  : t('referrals.withdraw.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
