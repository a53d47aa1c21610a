import { useI18n } from '../../i18n/i18n-context.js';

/** A message's date as mail lists show it: the time for today, the date otherwise; the full value on hover. */
export function ShortDate({ value }: { value: string }) {
  const { locale } = useI18n();
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return <>{value}</>;
  const today = d.toDateString() === new Date().toDateString();
  const text = today ? d.toLocaleTimeString(locale, { timeStyle: 'short' }) : d.toLocaleDateString(locale, { dateStyle: 'medium' });
  return (
    <time dateTime={value} title={d.toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' })}>
      {text}
    </time>
  );
}
