import { Alert, Button, Container, Group, Paper, Radio, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { usePartnerResponse, useSubmitPartnerResponse } from '../../api/referrals';
import type { PartnerResponseView } from '../../api/referralTypes';
import { ErrorAlert, Loading } from '../../components/Feedback';
import { FormSummary } from '../../components/FormSummary';
import { PageTitle } from '../../components/PageTitle';
import { LanguageToggle } from '../../layout/LanguageToggle';
import { MAIN_ID, SkipLink } from '../../layout/SkipLink';
import { formErrorsFrom } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { languageName, refLabel } from '../../lib/referralText';
import classes from '../../layout/layout.module.css';

/** A bad, expired or unknown link: the API answers 401/403/404 (410 for a link past its time). */
const isBadLink = (error: unknown) => isApiError(error) && [401, 403, 404, 410].includes(error.status);

/**
 * The partner's answer page (the `respondUrl` of a referral e-mail): no login, outside the app shell. The
 * signed token in the link is the only credential; the page shows the minimum the partner may see and the
 * answers it may give.
 */
export function PartnerAnswerPage() {
  const { t } = useTranslation();
  const { referralId = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const query = usePartnerResponse(referralId, token);

  let content: ReactNode;
  if (!token || (query.isError && isBadLink(query.error))) {
    content = <BadLink />;
  } else if (query.isPending) {
    content = (
      <>
        <PageTitle>{t('partnerAnswer.title')}</PageTitle>
        <Loading />
      </>
    );
  } else if (query.isError) {
    content = (
      <>
        <PageTitle>{t('partnerAnswer.title')}</PageTitle>
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  } else {
    content = <AnswerView referralId={referralId} token={token} view={query.data} />;
  }

  return (
    <>
      <SkipLink />
      <header>
        <Group justify="space-between" px="md" h={60}>
          <Text component="span" className={classes.brand}>
            {t('app.name')}
          </Text>
          <LanguageToggle />
        </Group>
      </header>
      <main id={MAIN_ID} tabIndex={-1} className={classes.main}>
        <Container size={720} py="xl">
          {content}
        </Container>
      </main>
    </>
  );
}

function BadLink() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('partnerAnswer.badLinkTitle')}</PageTitle>
      <Alert color="red.9" variant="outline" icon={<IconLinkOff aria-hidden="true" />} data-testid="bad-link">
        <Text c="red.9">{t('partnerAnswer.badLinkText')}</Text>
      </Alert>
    </>
  );
}

const FIELDS = ['status', 'note'] as const;

function AnswerView({ referralId, token, view }: { referralId: string; token: string; view: PartnerResponseView }) {
  const { t, i18n } = useTranslation();
  const submit = useSubmitPartnerResponse(referralId, token);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const [answered, setAnswered] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const server = formErrorsFrom(t, submit.error && !isBadLink(submit.error) && !stale ? submit.error : null, FIELDS);
  const tenant = view.tenant ?? {};

  if (submit.isError && isBadLink(submit.error)) return <BadLink />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStale(false);
    if (!status) {
      setLocal(t('partnerAnswer.statusRequired'));
      return;
    }
    const chosen = status;
    submit.mutate(
      { status: chosen, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          setAnswered(chosen);
          setStatus('');
          setNote('');
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) setStale(true);
        },
      },
    );
  };

  const isNotice = view.kind === 'notice';
  const facts: [string, string][] = isNotice
    ? [
        [t('partnerAnswer.case'), view.caseReference],
        [t('partnerAnswer.partner'), view.partnerName],
        [t('partnerAnswer.legalBasis'), view.legalBasis ?? t('referrals.notice.defaultBasis')],
      ]
    : [
        [t('partnerAnswer.case'), view.caseReference],
        [t('partnerAnswer.partner'), view.partnerName],
        [t('partnerAnswer.purpose'), refLabel(t, 'purpose', view.purpose)],
        [t('partnerAnswer.answerBy'), view.answerBy ? formatDate(view.answerBy) : t('common.none')],
        [t('partnerAnswer.status'), refLabel(t, 'referralStatus', view.status)],
      ];
  const tenantFacts: [string, string | null | undefined][] = [
    [t('partnerAnswer.tenant.name'), tenant.name],
    [t('partnerAnswer.tenant.phone'), tenant.phone],
    [t('partnerAnswer.tenant.email'), tenant.email],
    [t('partnerAnswer.tenant.address'), tenant.address],
    [
      t('partnerAnswer.tenant.preferredLanguage'),
      tenant.preferredLanguage ? languageName(tenant.preferredLanguage, i18n.resolvedLanguage ?? 'da') : undefined,
    ],
  ];
  const shownTenant = tenantFacts.filter((f): f is [string, string] => Boolean(f[1]));

  const factTable = (rows: [string, string][], label: string) => (
    <Table withRowBorders={false} verticalSpacing={4} aria-label={label}>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th scope="row" fw={500} c="dimmed" w="40%">
              {k}
            </Table.Th>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

  return (
    <Stack gap="lg">
      <div>
        <PageTitle>
          {isNotice
            ? t('partnerAnswer.noticeTitle', { reference: view.caseReference })
            : t('partnerAnswer.titleFor', { reference: view.caseReference })}
        </PageTitle>
        <Text>
          {isNotice
            ? t('partnerAnswer.noticeIntro', { legalBasis: view.legalBasis ?? t('referrals.notice.defaultBasis') })
            : t('partnerAnswer.intro', { partner: view.partnerName })}
        </Text>
      </div>
      <div role="status" aria-live="polite">
        {answered ? (
          <Alert color="teal.9" variant="outline" icon={<IconCircleCheck aria-hidden="true" />} data-testid="answer-result">
            <Text c="teal.9">{t('partnerAnswer.thanks', { status: refLabel(t, 'referralStatus', answered).toLowerCase() })}</Text>
          </Alert>
        ) : null}
      </div>
      {factTable(facts, t('partnerAnswer.referralLabel'))}
      <Paper withBorder p="md" component="section" aria-labelledby="tenant-title">
        <Title order={2} size="h4" id="tenant-title" mb="xs">
          {t('partnerAnswer.tenant.title')}
        </Title>
        {shownTenant.length ? (
          factTable(shownTenant, t('partnerAnswer.tenant.title'))
        ) : (
          <Text size="sm">{t('partnerAnswer.tenant.none')}</Text>
        )}
        <Text size="xs" c="dimmed" mt="xs">
          {t('partnerAnswer.tenant.privacy')}
        </Text>
      </Paper>
      {isNotice ? null : (
        <Paper withBorder p="md" component="section" aria-labelledby="answer-title">
          <Title order={2} size="h4" id="answer-title" mb="xs">
            {t('partnerAnswer.form.title')}
          </Title>
          {view.allowed.length === 0 ? (
            <Text size="sm" data-testid="no-answers">
              {t('partnerAnswer.form.closed', { status: refLabel(t, 'referralStatus', view.status ?? '').toLowerCase() })}
            </Text>
          ) : (
            <form onSubmit={onSubmit} noValidate>
              <Stack gap="sm">
                {stale ? (
                  <Alert role="alert" color="orange.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
                    <Text size="sm">{t('partnerAnswer.form.stale')}</Text>
                  </Alert>
                ) : null}
                <FormSummary message={server.summary} />
                <Radio.Group
                  label={t('partnerAnswer.form.status')}
                  required
                  value={status}
                  onChange={(value) => {
                    setStatus(value);
                    setLocal(undefined);
                  }}
                  error={local ?? server.fields.status}
                >
                  <Stack gap={6} mt={6}>
                    {view.allowed.map((a) => (
                      <Radio
                        key={a}
                        value={a}
                        label={t(`partnerAnswer.answers.${a as 'accepted'}`, { defaultValue: refLabel(t, 'referralStatus', a) })}
                      />
                    ))}
                  </Stack>
                </Radio.Group>
                <Textarea
                  label={t('partnerAnswer.form.note')}
                  description={t('partnerAnswer.form.noteHelp')}
                  autosize
                  minRows={3}
                  maxLength={2000}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  error={server.fields.note}
                />
                <Group>
                  <Button type="submit" loading={submit.isPending}>
                    {t('partnerAnswer.form.submit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Paper>
      )}
    </Stack>
  );
}
