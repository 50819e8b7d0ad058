import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** Form-level error text (shown above the fields). */
export function FormSummary({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert role="alert" color="red.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
      <Text c="red.9">{message}</Text>
    </Alert>
  );
}
