import { useI18n } from '../i18n/i18n-context.js';

/** A date (and time) in the page's language, with the machine value in `dateTime`. */
export function FormattedDate({ value, dateOnly }: { value: string; dateOnly?: boolean }) {
  const { locale } = useI18n();
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return <>{value}</>;
  const text = dateOnly
    ? d.toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'UTC' })
    : d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return <time dateTime={value}>{text}</time>;
}
