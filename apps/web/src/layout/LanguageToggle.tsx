import { Button } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Switches between Danish and English; the choice is kept in localStorage by the language detector. */
export function LanguageToggle() {
  const { t, i18n } = useTranslation();
  const next = i18n.resolvedLanguage === 'en' ? 'da' : 'en';
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconLanguage size={16} aria-hidden="true" />}
      aria-label={t('header.languageToggle')}
      lang={next}
      onClick={() => void i18n.changeLanguage(next)}
    >
      {t('header.languageToggleText')}
    </Button>
  );
}
