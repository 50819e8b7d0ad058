import { Badge, Box, Button, Table, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recommendation } from '../api/referralTypes';
import { pointsText, reasonSentence, refLabel } from '../lib/referralText';

/**
 * The routing engine's ranked recommendations: who, for what, how many points and why. On the case page's
 * referral panel with "Send"; on the routing rules page's dry run with the rank and what changed (`note`).
 */
export function RecommendationsTable({
  items,
  labelledBy,
  testId = 'recommendations',
  ranked = false,
  note,
  canSend = false,
  pendingKey = null,
  onSend,
}: {
  items: Recommendation[];
  /** The id of the heading that names the table. */
  labelledBy: string;
  testId?: string;
  /** A first column with the rank (1 = recommended first). */
  ranked?: boolean;
  /** Shown under the partner, e.g. how its rank or score changed. */
  note?: (rec: Recommendation, index: number) => ReactNode;
  canSend?: boolean;
  pendingKey?: string | null;
  onSend?: (rec: Recommendation) => void;
}) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <Text size="sm">{t('referrals.recommendations.none')}</Text>;
  return (
    <Box role="region" aria-labelledby={labelledBy} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table striped fz="sm" aria-labelledby={labelledBy} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {ranked ? <Table.Th scope="col">{t('referrals.recommendations.rank')}</Table.Th> : null}
            <Table.Th scope="col">{t('referrals.partner')}</Table.Th>
            <Table.Th scope="col">{t('referrals.recommendations.reasons')}</Table.Th>
            {canSend ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((rec, index) => {
            const key = `new:${rec.partnerId}:${rec.purpose}`;
            return (
              <Table.Tr key={key} data-partner={rec.partnerName}>
                {ranked ? <Table.Td>{index + 1}</Table.Td> : null}
                <Table.Td miw={160}>
                  <Text size="sm" fw={600}>
                    {rec.partnerName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {refLabel(t, 'partnerKind', rec.partnerKind)} · {refLabel(t, 'purpose', rec.purpose)}
                  </Text>
                  <ConsentBadge rec={rec} />
                  {note?.(rec, index)}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {t('referrals.recommendations.points', { count: rec.score })}
                  </Text>
                  <Box component="ul" m={0} p={0} fz="xs" style={{ listStyle: 'none' }} aria-label={t('referrals.recommendations.reasons')}>
                    {rec.reasons.map((reason, i) => (
                      <Box component="li" key={`${reason.code}-${i}`} display="inline">
                        {i > 0 ? ' · ' : ''}
                        {reasonSentence(t, reason, i18n.resolvedLanguage ?? 'da')}
                        {reason.points ? ` ${pointsText(reason.points)}` : ''}
                      </Box>
                    ))}
                  </Box>
                </Table.Td>
                {canSend ? (
                  <Table.Td>
                    {rec.alreadyReferred ? (
                      <Badge color="gray.7" variant="outline" tt="none" miw="max-content">
                        {t('referrals.recommendations.alreadyReferred')}
                      </Badge>
                    ) : (
                      <Button
                        size="compact-sm"
                        leftSection={<IconSend size={14} aria-hidden="true" />}
                        aria-label={t('referrals.recommendations.sendLabel', { partner: rec.partnerName })}
                        loading={pendingKey === key}
                        onClick={() => onSend?.(rec)}
                      >
                        {t('referrals.send')}
                      </Button>
                    )}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function ConsentBadge({ rec }: { rec: Recommendation }) {
  const { t } = useTranslation();
  if (!rec.needsConsent) {
    return (
      <Text size="xs" c="dimmed">
        {t('referrals.recommendations.consent')}: {t('referrals.recommendations.consentNotNeeded').toLowerCase()}
      </Text>
    );
  }
  return rec.consentOnFile ? (
    <Badge color="teal.9" variant="outline" tt="none" mt={4} miw="max-content">
      {t('referrals.recommendations.consentOnFile')}
    </Badge>
  ) : (
    <Badge color="red.9" variant="outline" tt="none" mt={4} miw="max-content">
      {t('referrals.recommendations.consentNeeded')}
    </Badge>
  );
}
