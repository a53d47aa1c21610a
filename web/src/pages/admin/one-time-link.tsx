import { useI18n } from '../../i18n/i18n-context.js';
import type { OneTimeLink } from '../../api/contract-types.js';
import { CopyButton } from '../../components/copy-button.js';
import { FormattedDate } from '../../components/formatted-date.js';

/** A freshly minted invitation, password-reset or settings link: the URL, copy, and when it expires. */
export function OneTimeLinkBox({ title, link, testId }: { title: string; link: OneTimeLink; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="notice success" role="status" data-testid={testId}>
      <p className="notice-title">{title}</p>
      <div className="inline">
        <code className="uri" data-testid={`${testId}-url`}>{link.url}</code>
        <CopyButton value={link.url} testId={`${testId}-copy`} />
      </div>
      <p className="muted small">
        {t('admin.users.expires')} <FormattedDate value={link.expiresAt} />
      </p>
    </div>
  );
}
