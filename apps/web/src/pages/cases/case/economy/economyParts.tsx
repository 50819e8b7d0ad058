import { Paper, Text } from '@mantine/core';
import type { ColumnLook } from '../../../../components/DataTable';
import { formatMoney } from '../../../../lib/format';

/** A money cell: right-aligned tabular figures on one line. */
export const moneyCell = { whiteSpace: 'nowrap', textAlign: 'right', fontVariantNumeric: 'tabular-nums' } as const;

/** A money column of a list: right-aligned, its cells money cells. */
export const moneyColumn: ColumnLook = { headerStyle: { textAlign: 'right' }, cellStyle: moneyCell };

/** A column of free text: its line breaks kept. */
export const textColumn: ColumnLook = { cellStyle: { whiteSpace: 'pre-wrap' } };

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
