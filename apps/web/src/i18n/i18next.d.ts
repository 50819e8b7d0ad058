import 'i18next';
import type da from './da.json';
import type referralsDa from './referrals.da.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof da & typeof referralsDa };
  }
}
