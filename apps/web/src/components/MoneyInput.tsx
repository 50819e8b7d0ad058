import { TextInput, type TextInputProps } from '@mantine/core';

/**
 * An amount in kroner typed the Danish way ("1.234,56"). The value stays the text the user typed (so nothing is
 * rewritten under their cursor); the form converts it with `parseKroner` when it is sent.
 */
export function MoneyInput(props: Omit<TextInputProps, 'type'>) {
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      rightSection={<span aria-hidden="true">kr.</span>}
      rightSectionPointerEvents="none"
      {...props}
    />
  );
}
