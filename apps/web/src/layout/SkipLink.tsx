import { useTranslation } from 'react-i18next';
import classes from './layout.module.css';

export const MAIN_ID = 'main-content';

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className={classes.skipLink} href={`#${MAIN_ID}`}>
      {t('app.skipToContent')}
    </a>
  );
}
