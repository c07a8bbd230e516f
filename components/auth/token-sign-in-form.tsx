'use client';
/**
 * The token sign-in form (`--auth token`): a labelled password field for a Kubernetes bearer
 * token, what it is for, and the cluster's answer.
 *
 * Contract: the field is `type=password` with autocomplete, autocorrect and spellcheck off (a
 * token is a credential, never a suggestion); submitting POSTs `{token}` to /api/auth/token
 * (same origin, JSON) and, once signed in, goes to `next` (a local path the page checked). A
 * refusal is shown in the problem's words, announced (role="alert") and tied to the field
 * (aria-invalid, aria-describedby); the field keeps focus for another try. Nothing submits
 * before the page has hydrated (components/ui/use-hydrated.ts): a native submit would put the
 * token in a URL. The form's method is POST all the same, so no path leads there.
 */
import { useState, type FormEvent } from 'react';
import { readProblem } from '@/lib/api/problem';
import { Button } from '@/components/ui/button';
import { CodeInput } from '@/components/ui/input';
import { useHydrated } from '@/components/ui/use-hydrated';

const FIELD_ID = 'sign-in-token';

export function TokenSignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState('');
  const hydrated = useHydrated();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      setError((await readProblem(response)).detail);
    } catch (err) {
      setError(`The dashboard cannot be reached: ${(err as Error).message}`);
    }
    setBusy(false);
    document.getElementById(FIELD_ID)?.focus();
  };
  return (
    <form
      method="post"
      onSubmit={(e) => void onSubmit(e)}
      className="flex flex-col gap-3"
      noValidate
    >
      <label htmlFor="sign-in-token" className="font-semibold">
        Kubernetes token
      </label>
      <p id="sign-in-token-help" className="text-sm text-muted">
        A bearer token the cluster accepts, for example from{' '}
        <code>kubectl create token NAME -n NAMESPACE</code> or your cluster&apos;s sign-in tool.
        Switchboard checks it with the cluster, keeps it sealed in a cookie this page cannot read,
        and uses it for everything it asks the cluster for you: you see and change only what its
        RBAC allows.
      </p>
      <CodeInput
        id={FIELD_ID}
        value={token}
        onValue={setToken}
        name="token"
        type="password"
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'sign-in-token-help sign-in-error' : 'sign-in-token-help'}
      />
      {error ? (
        <p id="sign-in-error" role="alert" className="text-bad">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="submit" variant="primary" size="lg" disabled={busy || !hydrated}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </div>
      <noscript>
        <p className="text-bad">
          Signing in needs JavaScript: this page checks the token with the dashboard before it keeps
          it.
        </p>
      </noscript>
    </form>
  );
}
