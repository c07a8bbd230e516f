/**
 * The impersonation layer of the handler chain (staging/src/k8s.io/apiserver/pkg/endpoints/
 * filters/impersonation.go WithImpersonation): a request carrying `Impersonate-User`,
 * `Impersonate-Group`, `Impersonate-Uid` or `Impersonate-Extra-*` runs as the impersonated user
 * once the authenticated caller was allowed to `impersonate` each of them (the decisions, the
 * user built and the 403 texts are emulator/auth/impersonation.ts). Everything after this layer —
 * authorization, the reviews (`auth whoami`, `auth can-i --list`), the REST handlers — sees only
 * the impersonated user; the audit layer before it records both.
 *
 * Headers that ask for groups, extras or a uid without a user are the filter's plain-text 500
 * (responsewriters.InternalError), which is not a Status: `ImpersonationRefusal` carries that
 * response so the chain can send it as is.
 */
import {
  headerLines,
  impersonatedUser,
  ImpersonationHeadersError,
  internalErrorText,
} from '../auth/impersonation';
import type { Authorizer, UserInfo } from '../auth/types';

/** A refusal that is a plain-text answer rather than a Status (see the header comment). */
export class ImpersonationRefusal extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(text);
    this.name = 'ImpersonationRefusal';
  }

  response(): Response {
    return new Response(`${this.text}\n`, {
      status: this.code,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  }
}

/**
 * The user the rest of the chain acts for: the caller itself when the request impersonates
 * nobody. Throws upstream's 403 Status (an ApiError) or an ImpersonationRefusal.
 */
export function impersonate(
  authorizer: Authorizer,
  caller: UserInfo,
  request: Request,
  distinctHeaderLines?: Record<string, string[]>,
): { user: UserInfo; impersonated: boolean } {
  try {
    const user = impersonatedUser(
      authorizer,
      caller,
      headerLines(request.headers, distinctHeaderLines),
    );
    return user ? { user, impersonated: true } : { user: caller, impersonated: false };
  } catch (error) {
    if (!(error instanceof ImpersonationHeadersError)) throw error;
    const url = new URL(request.url);
    throw new ImpersonationRefusal(500, internalErrorText(url.pathname + url.search, error));
  }
}
