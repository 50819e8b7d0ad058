import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { AppModal } from './AppModal';

interface Props {
  title: string;
  /** The warning that the secret is shown this once. */
  warning: string;
  /** A second line of the warning. */
  warningDetail?: string;
  /** What stands between the warning and the secret. */
  children: ReactNode;
  /** The label of the field holding the secret. */
  label: string;
  secret: string;
  testId: string;
  copy: string;
  copied: string;
  done: string;
  onClose: () => void;
}

/**
 * A secret shown this once, to read or copy (an API key, a partner's signing secret). Closing the dialog drops it
 * from memory; the API never shows it again.
 */
export function SecretOnceModal({ title, warning, warningDetail, children, label, secret, testId, copy, copied, done, onClose }: Props) {
  return (
    <AppModal opened onClose={onClose} title={title} closeOnClickOutside={false}>
      <Stack>
        <Alert color="red.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
          <Text c="red.9" fw={600}>
            {warning}
          </Text>
          {warningDetail ? (
            <Text c="red.9" size="sm" mt={4}>
              {warningDetail}
            </Text>
          ) : null}
        </Alert>
        {children}
        <TextInput
          label={label}
          value={secret}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid={testId}
        />
        <Group justify="space-between">
          <CopyButton value={secret} timeout={3000}>
            {({ copied: isCopied, copy: doCopy }) => (
              <Button
                variant="outline"
                color={isCopied ? 'teal.9' : undefined}
                leftSection={isCopied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}
                onClick={doCopy}
              >
                {isCopied ? copied : copy}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{done}</Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
