import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EscalationReason, EscalationSettings } from '../../api/escalations';
import { REASON_COLOR, reasonText } from './escalationText';

export function ReasonBadge({ reason, settings }: { reason: EscalationReason; settings: EscalationSettings }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={REASON_COLOR[reason]}
      autoContrast
      variant="filled"
      tt="none"
      radius="sm"
      data-reason={reason}
      style={{ whiteSpace: 'nowrap' }}
    >
      {reasonText(t, reason, settings)}
    </Badge>
  );
}
