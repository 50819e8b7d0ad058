import { Box, Button, Code, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevealCpr } from '../../../api/cases';
import type { CaseDetail, HouseholdMember } from '../../../api/caseTypes';
import { AppModal } from '../../../components/AppModal';
import { FormSummary } from '../../../components/FormSummary';
import { useServerFormErrors } from '../../../components/useServerFormErrors';

/** The household with masked CPR numbers; the full number only through the audited "Vis CPR". */
export function Household({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [reveal, setReveal] = useState<HouseholdMember | null>(null);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="household-title">
      <Title order={2} size="h6" id="household-title" mb={4}>
        {t('case.household.title')}
      </Title>
      {detail.household.length === 0 ? (
        <Text size="sm">{t('case.household.none')}</Text>
      ) : (
        <Stack gap={6}>
          {detail.household.map((m) => (
            <Box key={m.personId}>
              <Text size="sm" fw={600}>
                {m.name}{' '}
                <Text span size="xs" c="dimmed">
                  ({t(`caseLabels.householdRole.${m.role as 'tenant'}`, { defaultValue: m.role })})
                </Text>
              </Text>
              <Group gap="xs">
                <Text size="sm">
                  {t('case.household.cpr')}: {m.cprMasked ?? t('case.household.noCpr')}
                </Text>
                {m.cprMasked ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    leftSection={<IconEye size={14} aria-hidden="true" />}
                    onClick={() => setReveal(m)}
                    aria-label={t('case.household.revealFor', { name: m.name })}
                  >
                    {t('case.household.reveal')}
                  </Button>
                ) : null}
              </Group>
              {m.phone || m.email ? (
                <Text size="xs" c="dimmed">
                  {[m.phone, m.email].filter(Boolean).join(' · ')}
                </Text>
              ) : null}
            </Box>
          ))}
        </Stack>
      )}
      {reveal ? <RevealCprModal member={reveal} onClose={() => setReveal(null)} /> : null}
    </Paper>
  );
}

const REVEAL_FIELDS = ['purpose'] as const;

function RevealCprModal({ member, onClose }: { member: HouseholdMember; onClose: () => void }) {
  const { t } = useTranslation();
  const revealCpr = useRevealCpr();
  const errors = useServerFormErrors(REVEAL_FIELDS);
  const [purpose, setPurpose] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    if (!purpose.trim()) {
      setMissing(true);
      return;
    }
    revealCpr.mutate({ personId: member.personId, purpose: purpose.trim() }, { onError: errors.setFromError });
  };

  const revealed = revealCpr.data;
  return (
    <AppModal opened onClose={onClose} title={t('case.reveal.title', { name: member.name })} size="md">
      {revealed ? (
        <Stack>
          <div role="status">
            {revealed.cpr ? (
              <Text>
                {t('case.reveal.result')}: <Code fz="md">{revealed.cpr}</Code>
              </Text>
            ) : (
              <Text>{t('case.reveal.none')}</Text>
            )}
          </div>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <FormSummary message={errors.summary} />
            <Textarea
              label={t('case.reveal.purpose')}
              description={t('case.reveal.purposeHelp')}
              maxLength={300}
              required
              autosize
              minRows={2}
              value={purpose}
              onChange={(e) => {
                setPurpose(e.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? t('errors.reason.required') : errors.fields.purpose}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={revealCpr.isPending}>
                {t('case.reveal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
  );
}
