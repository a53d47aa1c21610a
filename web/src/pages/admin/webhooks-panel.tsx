import { useCallback } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { AdminUser } from '../../api/contract-types.js';
import { WebhooksView } from '../webhooks/webhooks-view.js';

/** Every user's webhook endpoints, with their owner. */
export function WebhooksPanel({ users }: { users: AdminUser[] }) {
  const { t } = useI18n();
  const ownerOf = useCallback((userId: string) => users.find((u) => u.id === userId)?.email ?? userId, [users]);
  return <WebhooksView title={t('admin.webhooks.title')} titleId="admin-webhooks-title" ownerOf={ownerOf} testId="admin-webhooks" />;
}
