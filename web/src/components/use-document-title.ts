import { useEffect } from 'react';

/** Each page names itself in the browser tab (and for screen readers on navigation). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Mailbridge`;
  }, [title]);
}
