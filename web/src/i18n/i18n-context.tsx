import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { diagnosisText, fill, localeNames, pickLocale, type DiagnosisCode, type DiagnosisText, type Locale } from '@mailbridge/contract';
import { pageMessages, type MessageKey } from './messages.js';
import { setRequestLanguage } from '../api/api-request.js';

type Params = Record<string, string | number | undefined>;

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** Title, cause and fix of a diagnosis, from the contract's catalog (the server uses the same). */
  diagnosis: (code: DiagnosisCode, params?: Params) => DiagnosisText;
}

const STORAGE_KEY = 'mailbridge.locale';
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const saved = readSaved();
  if (saved) return saved;
  return pickLocale(navigator.languages?.join(',') || navigator.language);
}

function readSaved(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && (localeNames as readonly string[]).includes(v) ? (v as Locale) : null;
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  setRequestLanguage(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => fill(pageMessages[locale][key] ?? pageMessages.en[key] ?? key, params),
      diagnosis: (code, params) => diagnosisText(locale, code, params),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
