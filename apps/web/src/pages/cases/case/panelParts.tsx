import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ComponentType, FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../api/caseTypes';
import { AppModal } from '../../../components/AppModal';
import { ChangeFormAlerts } from '../ChangeFormAlerts';

// The pieces the case page's panels, forms and dialogs are built of.

export function PanelSection({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs" mt="md">
        {title}
      </Title>
      {children}
    </section>
  );
}

/**
 * A panel's list under its heading: the `none` text when it is empty, else a striped table named by the heading,
 * with the header cells `head` and the rows `children`.
 */
export function ListTable({
  title,
  id,
  testId,
  empty,
  none,
  head,
  children,
}: {
  title: string;
  id: string;
  testId: string;
  empty: boolean;
  none: string;
  head: ReactNode;
  children: ReactNode;
}) {
  return (
    <PanelSection title={title} id={id}>
      {empty ? (
        <Text size="sm">{none}</Text>
      ) : (
        <Table striped fz="sm" aria-labelledby={id} data-testid={testId}>
          <Table.Thead>
            <Table.Tr>{head}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      )}
    </PanelSection>
  );
}

export const writable = (detail: CaseDetail) => detail.can.write && detail.status === 'open';

/** A panel's form in a framed box under its own heading (the "add" form next to a list). */
export function FormBox({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <PanelSection title={title} id={id}>
        {children}
      </PanelSection>
    </Paper>
  );
}

/** A dialog holding a form: a click outside does not close it (and lose the input). */
export function FormModal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  return (
    <AppModal opened onClose={onClose} title={title} closeOnClickOutside={false}>
      {children}
    </AppModal>
  );
}

/** A dialog with a change form: the form's problems (conflict, closed case, summary) above its fields. */
export function ChangeFormModal({
  title,
  onClose,
  onSubmit,
  form,
  onReload,
  children,
}: {
  title: string;
  onClose: () => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  form: { conflict: 'version' | 'closed' | null; summary: string | null };
  onReload: () => Promise<unknown> | void;
  children: ReactNode;
}) {
  return (
    <FormModal onClose={onClose} title={title}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ChangeFormAlerts form={form} onReload={onReload} />
          {children}
        </Stack>
      </form>
    </FormModal>
  );
}

/** The props of a form that adds a row to a list (no `row`) or edits one. */
export interface RowFormProps<T> {
  detail: CaseDetail;
  row?: T;
  /** Called after a successful save (closes the dialog). */
  onDone?: () => void;
  /** Shows a cancel button (in the dialog). */
  onCancel?: () => void;
}

/**
 * The forms of an editable list: the add form in a box under the list while the case can be changed, and the edit
 * form of the row being edited in a dialog.
 */
export function RowEditor<T>({
  detail,
  Form,
  add,
  editTitle,
  editing,
  onCloseEdit,
}: {
  detail: CaseDetail;
  Form: ComponentType<RowFormProps<T>>;
  /** The add form's heading and its id. */
  add: { title: string; id: string };
  editTitle: string;
  editing: T | null;
  onCloseEdit: () => void;
}) {
  return (
    <>
      {writable(detail) ? (
        <FormBox title={add.title} id={add.id}>
          <Form detail={detail} />
        </FormBox>
      ) : null}
      {editing ? (
        <FormModal onClose={onCloseEdit} title={editTitle}>
          <Form detail={detail} row={editing} onDone={onCloseEdit} onCancel={onCloseEdit} />
        </FormModal>
      ) : null}
    </>
  );
}

/** Submit at the foot of a form, with cancel before it when the form is in a dialog. */
export function FormButtons({ submit, loading, onCancel }: { submit: string; loading: boolean; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      {onCancel ? (
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      ) : null}
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
    </Group>
  );
}

/** Said in an edit form when a reload found the row removed meanwhile. */
export function GoneNotice({ gone }: { gone: boolean }) {
  const { t } = useTranslation();
  return gone ? (
    <Text c="red.9" size="sm">
      {t('case.conflict.gone')}
    </Text>
  ) : null;
}

/** The edit and delete buttons of a row of a list. */
export function RowActions({
  editLabel,
  onEdit,
  deleteLabel,
  onDelete,
  deleteDisabled,
}: {
  editLabel: string;
  onEdit: () => void;
  deleteLabel: string;
  onDelete: () => void;
  deleteDisabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="subtle" onClick={onEdit} aria-label={editLabel}>
        {t('case.edit')}
      </Button>
      <Button
        size="compact-xs"
        variant="subtle"
        color="red.9"
        c="red.9"
        disabled={deleteDisabled}
        onClick={onDelete}
        aria-label={deleteLabel}
      >
        {t('case.delete')}
      </Button>
    </Group>
  );
}
