import { localeNames, type Locale } from '@mailbridge/contract';
import { useI18n } from '../i18n/i18n-context.js';

const names: Record<Locale, string> = { en: 'English', es: 'Español', vi: 'Tiếng Việt', ko: '한국어' };

/** Language choice; remembered in the browser and sent to the server as Accept-Language. */
export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="language">
      <label htmlFor="language-select" className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id="language-select"
        data-testid="language-select"
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
      >
        {localeNames.map((l) => (
          <option key={l} value={l} lang={l}>
            {names[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
