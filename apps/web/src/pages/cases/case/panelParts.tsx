import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { RowData } from '@tanstack/react-table';
import { useState, type ComponentType, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../api/caseTypes';
import { AppModal } from '../../../components/AppModal';
import { TableView } from '../../../components/DataTable';
import { RowButton } from '../../../components/RowButton';
import { useListTable, type ListColumn, type ListTableModel } from '../../../components/useListTable';
import { ChangeFormAlerts } from '../ChangeFormAlerts';
import type { RowChange } from './useRowChange';

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
 * A panel's list under its heading: the `none` text when it is empty, else a striped table of `table`'s rows named by
 * the heading.
 */
export function ListTable<TData extends RowData>({
  title,
  id,
  testId,
  none,
  table,
}: {
  title: string;
  id: string;
  testId: string;
  none: string;
  table: ListTableModel<TData>;
}) {
  return (
    <PanelSection title={title} id={id}>
      {table.getRowModel().rows.length === 0 ? (
        <Text size="sm">{none}</Text>
      ) : (
        <TableView table={table} labelledBy={id} testId={testId} tableProps={PANEL_TABLE} />
      )}
    </PanelSection>
  );
}

/** The look of a panel's list: striped, small text, rows of Mantine's usual height, no highlight on hover. */
const PANEL_TABLE = { highlightOnHover: false, verticalSpacing: undefined, fz: 'sm' } as const;

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
 * A list of a case that can be changed: the list, with each row's edit button (and remove button) in a last column
 * while the case can be changed; then the add form in a box, and the edit form of the row being edited in a dialog.
 */
export function EditableList<T extends { id: string; version: number }>({
  detail,
  list,
  columns,
  rows,
  editLabel,
  editText,
  remove,
  Form,
  add,
  editTitle,
}: {
  detail: CaseDetail;
  /** The list's heading, its id, its test id and what it says when empty. */
  list: { title: string; id: string; testId: string; none: string };
  columns: ListColumn<T>[];
  rows: T[];
  /** The accessible name of a row's edit button, and the button's text (default: edit). */
  editLabel: (row: T) => string;
  editText?: string;
  /** Rows can be removed: a DELETE of `path` with the row's version, sent by `change` (which shows its alerts). */
  remove?: { change: RowChange; path: (row: T) => string; label: (row: T) => string };
  Form: ComponentType<RowFormProps<T>>;
  /** The add form's heading and its id. */
  add: { title: string; id: string };
  editTitle: string;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<T | null>(null);
  const open = writable(detail);
  const buttons = (row: T) => {
    const edit = (
      <RowButton onClick={() => setEditing(row)} aria-label={editLabel(row)}>
        {editText ?? t('case.edit')}
      </RowButton>
    );
    if (!remove) return edit;
    const onRemove = () => remove.change.run({ method: 'DELETE', path: remove.path(row), query: { version: row.version } });
    return (
      <Group gap={4} wrap="nowrap">
        {edit}
        <RowButton danger disabled={remove.change.pending} onClick={onRemove} aria-label={remove.label(row)}>
          {t('case.delete')}
        </RowButton>
      </Group>
    );
  };
  const table = useListTable({ columns, data: rows, actions: open ? buttons : undefined });
  const closeEdit = () => setEditing(null);
  return (
    <>
      <ListTable {...list} table={table} />
      {open ? (
        <FormBox title={add.title} id={add.id}>
          <Form detail={detail} />
        </FormBox>
      ) : null}
      {editing ? (
        <FormModal onClose={closeEdit} title={editTitle}>
          <Form detail={detail} row={editing} onDone={closeEdit} onCancel={closeEdit} />
        </FormModal>
      ) : null}
    </>
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
