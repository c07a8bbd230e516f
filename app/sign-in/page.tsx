/**
 * /sign-in?next=<local path>[&error=<code>] — how to sign in, per `--auth` mode: `token`, a
 * paste field (components/auth/token-sign-in-form.tsx); `oidc`, a link into the OpenID Connect
 * flow (/api/auth/oidc/login?next=…), with the flow's error in words when it came back with one;
 * `proxy`, a page saying the authenticating proxy did not identify you (and why). Someone already
 * signed in, or any visitor with `--auth none`, goes straight on to `next`.
 *
 * Contract: `next` is only ever a local path (lib/auth/local-path.ts): never an open redirect.
 * When a session was there but no longer signs anyone in (expired, revoked token), the reason
 * is shown above the form (`ended=1` when the cookie was already cleared on the way here).
 */
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { TokenSignInForm } from '@/components/auth/token-sign-in-form';
import { Notice } from '@/components/ui/notice';
import { localPath } from '@/lib/auth/local-path';
import { oidcSignInErrorText } from '@/lib/auth/oidc-errors';
import { viewerOf } from '@/lib/auth/request-viewer';
import { cookieValue, SESSION_COOKIE } from '@/lib/auth/session';
import { authSettings } from '@/lib/auth/settings';
import { SESSION_ENDED_TEXT } from '@/lib/auth/sign-in-path';
import { signInTitle } from '@/lib/page-title';

export const metadata: Metadata = { title: signInTitle() };

function one(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function providerName(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return 'your identity provider';
  }
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const search = await searchParams;
  const next = localPath(one(search.next));
  const settings = authSettings();
  if (settings.mode === 'none') redirect(next);
  const requestHeaders = await headers();
  const who = await viewerOf(requestHeaders);
  if (who.ok) redirect(next);
  const hadSession = cookieValue(requestHeaders, SESSION_COOKIE) !== undefined;
  const flowError = settings.mode === 'oidc' ? oidcSignInErrorText(one(search.error)) : undefined;
  // A session that no longer signs anyone in says why (expired, revoked); no session says nothing.
  const reason =
    flowError ??
    (hadSession ? who.problem.detail : undefined) ??
    (search.ended === '1' ? SESSION_ENDED_TEXT : undefined);
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 p-6">
      <h1 className="text-xl font-semibold">Sign in to Switchboard</h1>
      {reason ? <Notice tone="error">{reason}</Notice> : null}
      {settings.mode === 'token' ? <TokenSignInForm next={next} /> : null}
      {settings.mode === 'oidc' ? (
        <p>
          <a
            className="inline-block rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800"
            href={`/api/auth/oidc/login?next=${encodeURIComponent(next)}`}
          >
            Sign in with {providerName(settings.oidc?.issuer ?? '')}
          </a>
        </p>
      ) : null}
      {settings.mode === 'proxy' ? (
        <>
          <p>
            This dashboard signs people in through an authenticating proxy in front of it, and that
            proxy did not identify you.
          </p>
          <Notice tone="warning">{who.problem.detail}</Notice>
          <p>
            Open Switchboard through the address your administrator gave you, so the proxy can sign
            you in.
          </p>
        </>
      ) : null}
      <p className="text-sm text-muted">
        You will see what the cluster&apos;s RBAC lets you see, and any change you make is made as
        you.
      </p>
    </main>
  );
}
