import 'server-only';
/**
 * Permission first: SelfSubjectAccessReview for every verb on every resource a write needs, sent
 * with the write's own client (lib/k8s/write/deps.ts), so it reviews whoever the write acts as:
 * the dashboard, an impersonated person (the apiserver reviews the impersonated user and groups)
 * or the holder of a pasted token.
 *
 * Contract: `checkAccess` never throws for a denial; each answer says which verb on which
 * resource in which namespace, and why when the authorizer said. A review that itself fails
 * (network, 403 on SSAR) counts as denied with that reason: no write proceeds on a guess.
 */
import { errorMessage } from '@/lib/error-message';
import { ok, statusOf, type KubeSend } from './client';
import type { WriteKind } from '@/lib/api/write-results';
import { KINDS } from '../kinds';

export interface AccessNeed {
  verb: 'create' | 'delete' | 'get' | 'list' | 'update';
  kind: WriteKind;
  /** Why the write needs this verb when the write itself does not say it ("to undo …"). */
  purpose?: string;
}

export interface AccessAnswer extends AccessNeed {
  resource: string;
  group: string;
  namespace: string;
  allowed: boolean;
  reason?: string;
}

export async function checkAccess(
  send: KubeSend,
  namespace: string,
  needs: readonly AccessNeed[],
): Promise<AccessAnswer[]> {
  return Promise.all(
    needs.map(async (need): Promise<AccessAnswer> => {
      const { group, resource } = KINDS[need.kind];
      const base = { ...need, group, resource, namespace };
      try {
        const response = await send({
          method: 'POST',
          path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: { resourceAttributes: { namespace, verb: need.verb, group, resource } },
          },
        });
        if (!ok(response)) {
          return {
            ...base,
            allowed: false,
            reason: `the access review failed: ${statusOf(response).message}`,
          };
        }
        const status = (
          response.body as { status?: { allowed?: unknown; reason?: unknown; denied?: unknown } }
        )?.status;
        const reason =
          typeof status?.reason === 'string' && status.reason ? status.reason : undefined;
        return { ...base, allowed: status?.allowed === true, reason };
      } catch (error) {
        return {
          ...base,
          allowed: false,
          reason: `the access review failed: ${errorMessage(error)}`,
        };
      }
    }),
  );
}

/**
 * "You may not create endpointslices (discovery.k8s.io) in namespace demo", with the need's
 * purpose when it has one: a person refused `delete` on a form that creates must hear why.
 */
export function describeDenial(answer: AccessAnswer): string {
  const what = answer.group ? `${answer.resource} (${answer.group})` : answer.resource;
  const why = answer.reason ? `: ${answer.reason}` : '';
  const purpose = answer.purpose ? `, which is needed ${answer.purpose}` : '';
  return `You may not ${answer.verb} ${what} in namespace ${answer.namespace}${why}${purpose}.`;
}

/** Why a create asks for delete (lib/k8s/write/rollback.ts deletes what a failed create made). */
export const ROLLBACK_PURPOSE =
  'to roll back a half-made create (the objects already created are deleted again when a later step fails)';

/**
 * The one definition of what creating needs: create, and delete to undo a half-finished create.
 * The form's first check (`accessForCreate`) and the preview and create (`prepare`) both ask
 * exactly this, so the form never offers what the preview then refuses.
 */
export function createNeeds(kinds: readonly WriteKind[]): AccessNeed[] {
  return kinds.flatMap((kind) => [
    { verb: 'create' as const, kind },
    { verb: 'delete' as const, kind, purpose: ROLLBACK_PURPOSE },
  ]);
}
