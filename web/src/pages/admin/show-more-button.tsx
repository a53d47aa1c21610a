import { useSubmit } from '../../forms/use-submit.js';
import { ErrorNotice } from '../../components/error-notice.js';

/** "Show more" under a paged list, while its last page read had a nextCursor. */
export function ShowMoreButton({ nextCursor, loadMore, label, testId }: { nextCursor: string | null; loadMore: () => Promise<void>; label: string; testId: string }) {
  const { busy, error, run } = useSubmit();
  if (!nextCursor) return null;
  return (
    <div className="actions">
      <button type="button" className="button" disabled={busy} aria-busy={busy} data-testid={testId} onClick={() => void run(loadMore)}>
        {label}
      </button>
      <ErrorNotice error={error} testId={`${testId}-error`} />
    </div>
  );
}
