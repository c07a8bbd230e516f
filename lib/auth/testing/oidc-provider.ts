/**
 * A real OpenID provider for tests: `oidc-provider` (panva) on 127.0.0.1, port 0, with static
 * accounts and its development sign-in pages (any password), so the sign-in flow is proven
 * against the library a production provider might run, not a stub.
 *
 * API (small on purpose):
 * - `startOidcProvider({ redirectUris, postLogoutRedirectUris?, accounts? })` → `{ issuer,
 *   clientId, clientSecret, accounts, setReachable(on), close() }`. One confidential client
 *   (`client_secret_basic`), the code flow only, PKCE required for every authorization
 *   request. Accounts default to `alice` (`alice@example.com`, groups `team-a`) and `bob`
 *   (`bob@example.com`, groups `sre`); the `groups` and `email` claims are in the ID token
 *   (`conformIdTokenClaims: false`) when the scopes `groups` / `email` are asked for.
 *   `setReachable(false)` makes every connection to it fail (the socket is destroyed), as when
 *   it is down; `close()` stops it and every connection it holds.
 * - The sign-in pages are driven with plain `fetch` by ./oidc-sign-in.ts.
 * The library warns "Unsupported runtime" on Node 20 and about its development-only pages and
 * keys when it starts: those are expected here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** The claims of one static account (its `sub` is the login name typed into the page). */
export interface TestAccountClaims {
  email?: string;
  groups?: string[];
  [claim: string]: unknown;
}

export const DEFAULT_TEST_ACCOUNTS: Readonly<Record<string, TestAccountClaims>> = {
  alice: { email: 'alice@example.com', email_verified: true, groups: ['team-a'] },
  bob: { email: 'bob@example.com', email_verified: true, groups: ['sre'] },
};

export interface TestOidcProviderOptions {
  /** The client's registered redirect URIs (the dashboard's `<public-url>/api/auth/oidc/callback`). */
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  accounts?: Record<string, TestAccountClaims>;
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>`: discovery is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Readonly<Record<string, TestAccountClaims>>;
  /** false: every new request's connection is destroyed, as when the provider is down. */
  setReachable(reachable: boolean): void;
  close(): Promise<void>;
}

const CLIENT_ID = 'switchboard';
const CLIENT_SECRET = 'switchboard-test-secret';

export async function startOidcProvider(
  options: TestOidcProviderOptions,
): Promise<TestOidcProvider> {
  const accounts = options.accounts ?? DEFAULT_TEST_ACCOUNTS;
  let reachable = true;
  // The provider needs its issuer (so the port) before it exists, the server a handler before it listens.
  const app: { handler?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    if (!reachable || !app.handler) {
      req.socket.destroy();
      return;
    }
    app.handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, providerConfiguration(options, accounts));
  app.handler = provider.callback();
  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accounts,
    setReachable(on) {
      reachable = on;
      // Kept-alive connections would otherwise still reach it.
      if (!on) for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function providerConfiguration(
  options: TestOidcProviderOptions,
  accounts: Readonly<Record<string, TestAccountClaims>>,
): Configuration {
  return {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const claims = Object.hasOwn(accounts, id) ? accounts[id] : undefined;
      if (!claims) return undefined;
      return { accountId: id, claims: () => ({ ...claims, sub: id }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    // Without this the provider keeps scope-requested claims out of the ID token (only the
    // userinfo endpoint would have them); the dashboard reads the ID token, as the apiserver does.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['switchboard-test-provider-cookie-key'] },
    // Quiet the provider's per-request error logging to what a test needs: nothing.
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}
