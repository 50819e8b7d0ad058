import { Paper, Text } from '@mantine/core';
import { formatMoney } from '../../../../lib/format';

/** A money column: right-aligned tabular figures on one line. */
export const moneyCell = { whiteSpace: 'nowrap', textAlign: 'right', fontVariantNumeric: 'tabular-nums' } as const;

/** A total above a list (red when negative). */
export function Total({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper withBorder p="xs" miw={150}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} data-testid={testId} c={value < 0 ? 'red.9' : undefined}>
        {formatMoney(value)}
      </Text>
    </Paper>
  );
}
