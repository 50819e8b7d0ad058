import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import da from './da.json';
import en from './en.json';
import referralsDa from './referrals.da.json';
import referralsEn from './referrals.en.json';

export const LANGUAGES = ['da', 'en'] as const;
export type AppLanguage = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'forebyg.language';

// Compile-time check that da.json and en.json (and the referral module's own pair) have exactly the same keys.
// The referral module's strings live in their own files (top-level keys of their own) and are merged in here.
export const resources = {
  da: { translation: { ...(da satisfies typeof en), ...(referralsDa satisfies typeof referralsEn) } },
  en: { translation: { ...(en satisfies typeof da), ...(referralsEn satisfies typeof referralsDa) } },
} as const;

function setDocumentLanguage(lng: string | undefined): void {
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lng === 'en' ? 'en' : 'da';
  }
}

i18n.on('languageChanged', setDocumentLanguage);

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    fallbackLng: 'da',
    supportedLngs: [...LANGUAGES],
    nonExplicitSupportedLngs: false,
    load: 'languageOnly',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: {
      // Danish unless the user chose English in this browser.
      order: ['localStorage'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
    react: { useSuspense: false },
  });

setDocumentLanguage(i18n.resolvedLanguage);

export function currentLanguage(): AppLanguage {
  return i18n.resolvedLanguage === 'en' ? 'en' : 'da';
}

export default i18n;
