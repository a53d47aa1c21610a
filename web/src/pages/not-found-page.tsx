import { useI18n } from '../i18n/i18n-context.js';
import { Link } from '../router/router.js';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section className="card narrow">
      <h1>{t('notFound.title')}</h1>
      <p><Link to="/">{t('notFound.home')}</Link></p>
    </section>
  );
}
