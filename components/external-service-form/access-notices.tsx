/**
 * What the Add form knows about the user's permission before they type (a
 * SelfSubjectAccessReview per resource, checked by the server): could not check, cannot create
 * here (and whether legacy Endpoints would still work), or may create.
 */
import type { CreateAs } from '@/lib/topology/validation';
import type { AccessReport } from '@/lib/api/write-results';
import { Notice } from '@/components/ui/notice';
import { KINDS_FOR } from './create-as';

type Denied = AccessReport['denied'][number];

/** The denials that stop this choice of "Create as" (and the others). */
export function splitDenied(access: AccessReport | null | undefined, createAs: CreateAs) {
  const denied: Denied[] = access?.denied ?? [];
  return {
    blocking: denied.filter((d) => KINDS_FOR[createAs].includes(d.resource)),
    other: denied.filter((d) => !KINDS_FOR[createAs].includes(d.resource)),
  };
}

export function AccessNotices({
  access,
  contextError,
  createAs,
}: {
  access: AccessReport | null | undefined;
  contextError: string | null;
  createAs: CreateAs;
}) {
  const { blocking, other } = splitDenied(access, createAs);
  const legacyStillWorks =
    createAs !== 'Endpoints' &&
    blocking.every((d) => d.resource === 'endpointslices') &&
    other.length === 0;
  return (
    <>
      {contextError ? (
        <Notice tone="error">Could not check your permissions: {contextError}</Notice>
      ) : null}
      {blocking.length ? (
        <Notice tone="error">
          <p className="font-medium">You cannot create this here:</p>
          <ul className="list-disc pl-5">
            {blocking.map((d) => (
              <li key={`${d.verb}/${d.resource}`}>{d.message}</li>
            ))}
          </ul>
          {legacyStillWorks ? (
            <p>You may still create it as legacy Endpoints (choose it under “Create as”).</p>
          ) : null}
        </Notice>
      ) : null}
      {access && !blocking.length ? (
        <p className="text-sm text-muted">
          Permission checked (SelfSubjectAccessReview): you may create{' '}
          {KINDS_FOR[createAs].join(', ')} in namespace {access.namespace}.
        </p>
      ) : null}
    </>
  );
}
