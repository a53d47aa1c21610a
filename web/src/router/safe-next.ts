/** Only same-site paths are followed after sign-in, never `//evil.example` or `https://…`. */
export function safeNext(next: string | null, fallback = '/settings'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
