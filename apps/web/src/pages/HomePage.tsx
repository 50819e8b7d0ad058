import { Button, Table, Text, Title } from '@mantine/core';
import { IconFolders } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDepartments } from '../api/departments';
import { useCurrentUser } from '../auth/CurrentUser';
import { ErrorAlert, Loading } from '../components/Feedback';
import { PageTitle } from '../components/PageTitle';
import { canUseCases } from '../lib/roles';

export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const departments = useDepartments();

  return (
    <>
      <PageTitle>{t('home.greeting', { name: me.name })}</PageTitle>
      <Text mb="lg">{t('home.role', { role: t(`roles.${me.role}`) })}</Text>
      {canUseCases(me.role) ? (
        <>
          <Text mb="xs">{t('home.caseloadIntro')}</Text>
          <Button component={Link} to="/cases" mb="xl" leftSection={<IconFolders size={16} aria-hidden="true" />}>
            {t('home.caseloadLink')}
          </Button>
        </>
      ) : null}

      <Title order={2} size="h4" mb="xs">
        {t('home.departmentsTitle')}
      </Title>
      {departments.isPending ? <Loading /> : null}
      {departments.isError ? <ErrorAlert error={departments.error} onRetry={() => void departments.refetch()} /> : null}
      {departments.data && departments.data.length === 0 ? <Text>{t('home.noDepartments')}</Text> : null}
      {departments.data && departments.data.length > 0 ? (
        <Table striped withTableBorder maw={720} aria-label={t('home.departmentsCaption')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('home.code')}</Table.Th>
              <Table.Th scope="col">{t('home.name')}</Table.Th>
              <Table.Th scope="col">{t('home.municipality')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {departments.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.code}</Table.Td>
                <Table.Td>{d.name}</Table.Td>
                <Table.Td>{d.municipalityName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </>
  );
}
