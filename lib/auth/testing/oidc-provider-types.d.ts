/**
 * Types for the part of `oidc-provider` 9 (which ships none) that the test provider
 * (./oidc-provider.ts) uses: the constructor, its configuration keys in use, and `callback()`.
 * Anything not listed stays untyped on purpose; widen this when the test provider needs more.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    post_logout_redirect_uris?: string[];
    response_types?: string[];
    grant_types?: string[];
    token_endpoint_auth_method?: string;
  }

  interface Account {
    accountId: string;
    claims: (use: string, scope: string) => Record<string, unknown>;
  }

  interface ErrorContext {
    type: string;
    body: unknown;
  }

  export interface Configuration {
    clients?: ClientMetadata[];
    findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined>;
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    pkce?: { required?: (ctx: unknown, client: unknown) => boolean };
    features?: Record<string, { enabled: boolean }>;
    cookies?: { keys?: string[] };
    renderError?: (ctx: ErrorContext, out: Record<string, unknown>, error: unknown) => void;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
