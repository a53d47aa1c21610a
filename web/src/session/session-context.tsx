import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { sessionApi } from '../api/session-api.js';
import { setCsrfToken } from '../api/api-request.js';
import type { SessionView, SetupStatus } from '../api/contract-types.js';

export interface SessionState {
  /** undefined while loading, null when signed out. */
  session: SessionView | null | undefined;
  setup: SetupStatus | null;
  setSession: (s: SessionView | null) => void;
  refreshSetup: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Who is signed in (cookie session) and what the first-run screen needs to know. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<SessionView | null | undefined>(undefined);
  const [setup, setSetup] = useState<SetupStatus | null>(null);

  const setSession = useCallback((s: SessionView | null) => {
    setCsrfToken(s?.csrfToken ?? '');
    setSessionState(s);
  }, []);

  const refreshSetup = useCallback(async () => {
    try {
      setSetup(await sessionApi.setup());
    } catch {
      setSetup(null);
    }
  }, []);

  useEffect(() => {
    void refreshSetup();
    // 401 simply means "signed out"; any other failure also leaves the sign-in page reachable.
    sessionApi.current().then((s) => setSession(s ?? null), () => setSession(null));
  }, [refreshSetup, setSession]);

  const signOut = useCallback(async () => {
    try {
      await sessionApi.signOut();
    } finally {
      setSession(null);
    }
  }, [setSession]);

  const value = useMemo(() => ({ session, setup, setSession, refreshSetup, signOut }), [session, setup, setSession, refreshSetup, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
