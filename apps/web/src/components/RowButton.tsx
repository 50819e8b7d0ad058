import { Button, type ButtonProps, type ElementProps } from '@mantine/core';

type RowButtonProps = ButtonProps & ElementProps<'button', keyof ButtonProps> & { danger?: boolean };

/** A small button in a row of a table; `danger` for one that removes the row. */
export function RowButton({ danger, ...props }: RowButtonProps) {
  return <Button size="compact-xs" variant="subtle" {...(danger ? { color: 'red.9', c: 'red.9' } : null)} {...props} />;
}
