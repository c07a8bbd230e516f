/**
 * The red banner on every page when the dashboard is served beyond loopback with no sign-in
 * (`--insecure-no-auth`, lib/http/exposure.ts): whoever sees the page should know that anyone who
 * can reach it acts with the dashboard's cluster credentials.
 *
 * Contract: a server component, rendered per request (the setting is the running process's, never
 * the build's); nothing at all when the exposure is not insecure. Words carry the warning, not
 * only the colour.
 */
import { connection } from 'next/server';
import { bindHostOf, insecureExposure } from '@/lib/http/exposure';

export async function ExposureBanner() {
  await connection();
  if (!insecureExposure(process.env)) return null;
  return (
    <div
      role="region"
      aria-label="Security warning"
      data-testid="insecure-exposure-banner"
      className="bg-bad px-4 py-1.5 text-sm font-semibold text-bg"
    >
      Warning: no sign-in. This Switchboard is served on {bindHostOf(process.env)} with
      --insecure-no-auth: anyone who can reach it sees the cluster map and can create or change
      Services and endpoints with the dashboard&apos;s own credentials.
    </div>
  );
}
