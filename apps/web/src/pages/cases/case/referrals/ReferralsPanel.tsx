import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconBuildingBank } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../api/caseTypes';
import { isApiError } from '../../../../api/client';
import { useCaseReferrals, useCreateReferral, useReferralAction, type ReferralAction } from '../../../../api/referrals';
import type { MunicipalNotice, Recommendation, Referral } from '../../../../api/referralTypes';
import { ConflictAlert, isVersionConflict } from '../../../../components/ConflictAlert';
import { ErrorAlert, Loading, SuccessNotice } from '../../../../components/Feedback';
import { RecommendationsTable } from '../../../../components/RecommendationsTable';
import { formatDate } from '../../../../lib/format';
import { usePermissions } from '../../../../lib/permissions';
import { refLabel } from '../../../../lib/referralText';
import { PanelSection } from '../panelParts';
import { ConsentModal, type ConsentPreset } from './ConsentModal';
import { ConsentMissingModal, ReferralActionModal, type SendTarget } from './ReferralModals';
import { ReferralsTable, type RowAction } from './ReferralsTable';

/** A 422 that says the partner needs a valid consent first (field `consent`). */
export function isConsentMissing(error: unknown): boolean {
  if (!isApiError(error) || error.status !== 422) return false;
  return error.fieldErrors.some((e) => e.field === 'consent') || error.code === 'consent_required';
}

/** A 409 other than a stale version: the referral exists already, or its status moved on (e.g. the partner answered). */
function conflictReason(error: unknown): 'referral_exists' | 'invalid_transition' | null {
  if (!isApiError(error) || error.status !== 409) return null;
  const reason = (error.body as { reason?: unknown }).reason;
  return reason === 'referral_exists' || reason === 'invalid_transition' ? reason : null;
}

type Dialog =
  | { kind: 'consentMissing'; target: SendTarget }
  | { kind: 'consent'; preset?: ConsentPreset; then?: SendTarget }
  | { kind: 'action'; referral: Referral; action: 'dismiss' | 'withdraw' | 'answer' };

const targetName = (target: SendTarget) => (target.kind === 'new' ? target.partnerName : target.referral.partnerName);

/**
 * The referral panel of a case: the routing engine's recommendations (each with its reasons and a "Send"), the
 * referrals made and their answers, and the statutory notice to the municipality. Sending to a partner that needs
 * consent without one on file offers to record it (or, with consents:override, to send with a reason).
 */
export function ReferralsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const query = useCaseReferrals(detail.id);
  const create = useCreateReferral(detail.id);
  const action = useReferralAction(detail.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pendingKey, setPendingKey] = useState<string | null>(null);

  const canWrite = can('referrals:write') && detail.status === 'open';
  const canRecordConsent = can('consents:write') && can('consents:read') && detail.status === 'open';
  const canOverride = can('consents:override');

  const reset = () => {
    setConflict(false);
    setError(null);
    setProblem(null);
    setDialogError(null);
  };

  const onFailure = (target: SendTarget | null) => (err: unknown) => {
    setPendingKey(null);
    if (target && isConsentMissing(err)) {
      // A reason that does not pass (e.g. too short) is shown in the dialog; otherwise the dialog opens.
      setDialogError(dialog?.kind === 'consentMissing' ? err : null);
      setDialog({ kind: 'consentMissing', target });
    } else if (isVersionConflict(err)) {
      setDialog(null);
      setConflict(true);
    } else if (conflictReason(err)) {
      setDialog(null);
      setProblem(t(`referrals.conflict.${conflictReason(err)!}`));
      void query.refetch();
    } else if (dialog) {
      setDialogError(err);
    } else {
      setError(err);
    }
  };

  const send = (target: SendTarget, overrideReason?: string) => {
    reset();
    const key = target.kind === 'new' ? `new:${target.partnerId}:${target.purpose}` : target.referral.id;
    setPendingKey(key);
    const onSuccess = () => {
      setPendingKey(null);
      setDialog(null);
      setNotice(t('referrals.sentNotice', { partner: targetName(target) }));
    };
    const body = overrideReason ? { overrideReason } : {};
    if (target.kind === 'new') {
      create.mutate(
        { partnerId: target.partnerId, purpose: target.purpose, send: true, ...body },
        { onSuccess, onError: onFailure(target) },
      );
    } else {
      action.mutate(
        { referralId: target.referral.id, change: { action: 'send', version: target.referral.version, ...body } },
        { onSuccess, onError: onFailure(target) },
      );
    }
  };

  const runAction = (referral: Referral, change: ReferralAction, message: string) => {
    reset();
    setPendingKey(referral.id);
    action.mutate(
      { referralId: referral.id, change },
      {
        onSuccess: () => {
          setPendingKey(null);
          setDialog(null);
          setNotice(message);
        },
        onError: onFailure(null),
      },
    );
  };

  const onRow = (referral: Referral, kind: RowAction) => {
    reset();
    if (kind === 'send') send({ kind: 'proposal', referral });
    else setDialog({ kind: 'action', referral, action: kind });
  };

  /** Known in advance that consent is missing: ask first rather than send a request bound to be refused. */
  const onSendRecommendation = (rec: Recommendation) => {
    const target: SendTarget = { kind: 'new', partnerId: rec.partnerId, partnerName: rec.partnerName, purpose: rec.purpose };
    if (rec.needsConsent && !rec.consentOnFile) {
      reset();
      setDialog({ kind: 'consentMissing', target });
    } else {
      send(target);
    }
  };

  const data = query.data;
  const busy = create.isPending || action.isPending;

  return (
    <Stack gap="sm" data-testid="referrals-panel">
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {conflict ? (
        <ConflictAlert
          onReload={async () => {
            await query.refetch();
            setConflict(false);
          }}
        />
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      {problem ? (
        <Alert role="alert" color="orange.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
          <Text size="sm">{problem}</Text>
        </Alert>
      ) : null}
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {data?.municipalNotice ? <NoticeLine notice={data.municipalNotice} /> : null}
      {data ? (
        <>
          <PanelSection title={t('referrals.recommendations.title')} id="recommendations-title">
            <RecommendationsTable
              items={data.recommendations}
              labelledBy="recommendations-title"
              canSend={canWrite}
              pendingKey={busy ? pendingKey : null}
              onSend={onSendRecommendation}
            />
          </PanelSection>
          <PanelSection title={t('referrals.list.title')} id="referral-list-title">
            <ReferralsTable items={data.items} canWrite={canWrite} pendingKey={busy ? pendingKey : null} onAction={onRow} />
          </PanelSection>
        </>
      ) : null}

      {dialog?.kind === 'consentMissing' ? (
        <ConsentMissingModal
          target={dialog.target}
          canRecordConsent={canRecordConsent}
          canOverride={canOverride}
          error={dialogError}
          sending={busy}
          onClose={() => setDialog(null)}
          onRecordConsent={() => {
            const target = dialog.target;
            const preset: ConsentPreset =
              target.kind === 'new'
                ? { partnerId: target.partnerId, purpose: target.purpose }
                : { partnerId: target.referral.partnerId, purpose: target.referral.purpose };
            setDialogError(null);
            setDialog({ kind: 'consent', preset, then: target });
          }}
          onOverride={(reason) => send(dialog.target, reason)}
        />
      ) : null}
      {dialog?.kind === 'consent' ? (
        <ConsentModal
          caseId={detail.id}
          preset={dialog.preset}
          onClose={() => setDialog(null)}
          onSaved={() => {
            const then = dialog.then;
            setDialog(null);
            setNotice(t('consents.recorded'));
            // The consent was recorded to send this referral: send it now (a consent that still does not cover it
            // brings the dialog back).
            if (then) send(then);
          }}
        />
      ) : null}
      {dialog?.kind === 'action' ? (
        <ReferralActionModal
          referral={dialog.referral}
          action={dialog.action}
          error={dialogError}
          pending={action.isPending}
          onClose={() => setDialog(null)}
          onSubmit={(change, message) => runAction(dialog.referral, change, message)}
        />
      ) : null}
    </Stack>
  );
}

/** "Underretning til kommunen sendt 05-03-2026 (almenlejeloven § 92, stk. 2)", with where and whether delivered. */
function NoticeLine({ notice }: { notice: MunicipalNotice }) {
  const { t } = useTranslation();
  const delivery = notice.deliveryStatus ? refLabel(t, 'delivery', notice.deliveryStatus) : '';
  return (
    <Alert color="blue.9" variant="outline" icon={<IconBuildingBank aria-hidden="true" />} p="xs" data-testid="municipal-notice">
      <Text size="sm" fw={600}>
        {t('referrals.notice.line', { date: formatDate(notice.createdAt), legalBasis: notice.legalBasis })}
      </Text>
      <Text size="xs">
        {t('referrals.notice.details', {
          partner: notice.partnerName,
          stage: t(`caseLabels.stage.${notice.stage}`, { defaultValue: notice.stage }),
        })}
        {delivery ? ` · ${delivery}` : ''}
      </Text>
      <Text size="xs" c="dimmed">
        {t('referrals.notice.help', { kind: refLabel(t, 'partnerKind', 'municipal').toLowerCase() })}
      </Text>
    </Alert>
  );
}
