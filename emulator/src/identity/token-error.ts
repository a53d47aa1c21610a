/** Thrown by the grant handlers; the token route renders it as Microsoft's error JSON. */
export class TokenError extends Error {
  constructor(
    readonly aadsts: number,
    readonly params: Record<string, string | undefined> = {},
    /** Overrides the table's `error` where Microsoft uses another value at the token endpoint. */
    readonly error?: string,
  ) {
    super(`AADSTS${aadsts}`);
  }
}
