import { Anchor, Button, Group, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCprCaseSearch } from '../../api/cases';
import { ErrorAlert } from '../../components/Feedback';
import { normaliseCpr } from '../../lib/cases';
import { formatDate } from '../../lib/format';

/** Find the cases of a person by CPR. The number is posted in a body and never lands in the URL. */
export function CprSearch() {
  const { t } = useTranslation();
  const search = useCprCaseSearch();
  const [cpr, setCpr] = useState('');
  const [invalid, setInvalid] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const normalised = normaliseCpr(cpr);
    if (!normalised) {
      setInvalid(true);
      return;
    }
    search.mutate(normalised);
  };

  return (
    <Paper withBorder p="md" mt="xl" component="section" aria-labelledby="cpr-search-title">
      <Title order={2} size="h5" mb="xs" id="cpr-search-title">
        {t('caseload.cprSearch.title')}
      </Title>
      <form onSubmit={onSubmit} noValidate autoComplete="off">
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('caseload.cprSearch.label')}
            description={t('caseload.cprSearch.help')}
            value={cpr}
            autoComplete="off"
            inputMode="numeric"
            w={260}
            onChange={(e) => {
              setCpr(e.currentTarget.value);
              setInvalid(false);
            }}
            error={invalid ? t('caseload.cprSearch.invalid') : undefined}
          />
          <Button type="submit" mt={46} leftSection={<IconSearch size={16} aria-hidden="true" />} loading={search.isPending}>
            {t('caseload.cprSearch.submit')}
          </Button>
        </Group>
      </form>
      {search.isError ? <ErrorAlert error={search.error} /> : null}
      <div aria-live="polite">
        {search.data && search.data.items.length === 0 ? <Text mt="sm">{t('caseload.cprSearch.none')}</Text> : null}
        {search.data && search.data.items.length > 0 ? (
          <Table mt="sm" striped withTableBorder aria-label={t('caseload.cprSearch.results')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('caseload.columns.caseNumber')}</Table.Th>
                <Table.Th scope="col">{t('caseload.columns.tenant')}</Table.Th>
                <Table.Th scope="col">{t('caseload.columns.department')}</Table.Th>
                <Table.Th scope="col">{t('caseload.columns.stage')}</Table.Th>
                <Table.Th scope="col">{t('caseload.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('caseload.columns.openedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {search.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${c.id}`} size="sm" fw={600}>
                      {c.caseNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {c.tenantName ?? t('common.none')} · {c.address}
                  </Table.Td>
                  <Table.Td>{`${c.departmentCode} ${c.departmentName}`}</Table.Td>
                  <Table.Td>{t(`caseLabels.stage.${c.stage}`)}</Table.Td>
                  <Table.Td>{t(`caseLabels.status.${c.status}`)}</Table.Td>
                  <Table.Td>{formatDate(c.openedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </div>
    </Paper>
  );
}
