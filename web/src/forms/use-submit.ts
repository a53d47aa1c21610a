import { useState, type FormEvent } from 'react';

/** What `useSubmit` gives a form or an action button. */
export interface Submitting {
  busy: boolean;
  /** The last failure (after `toError`); null while working and after a success. */
  error: unknown;
  setError: (error: unknown) => void;
  /** Runs `work` while busy; resolves to its result, or to undefined when it failed. */
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  /** An `onSubmit` handler: no page load; then, unless `ready` says no, `run(work)`. */
  submit: (work: () => Promise<unknown>, ready?: () => boolean) => (e: FormEvent) => void;
}

/**
 * The busy/error state every form repeats. A failure becomes `error`, passed first through
 * `toError` when the form shows part of it elsewhere (see `spreadProblems`).
 */
export function useSubmit(toError: (err: unknown) => unknown = (err) => err): Submitting {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(toError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const submit = (work: () => Promise<unknown>, ready?: () => boolean) => (e: FormEvent) => {
    e.preventDefault();
    if (ready && !ready()) return;
    void run(work);
  };

  return { busy, error, setError, run, submit };
}
