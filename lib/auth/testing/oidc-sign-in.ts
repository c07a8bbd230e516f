/**
 * Drives a person's sign-in through the test OpenID provider (./oidc-provider.ts) with plain
 * `fetch` and a cookie jar, as a browser would: follow the redirects, fill the provider's
 * development login form (the account's name, any password) and accept its consent form.
 *
 * API:
 * - `signInThroughProvider(startUrl, account, { stopAt?, jar?, deny? })` starts at `startUrl`
 *   (the provider's authorization URL, or the dashboard's `/api/auth/oidc/login?next=…` when a
 *   server is running) and follows redirects across origins, one jar for all. When a redirect
 *   points at a URL starting with `stopAt` (the dashboard's callback URL), it stops there
 *   without fetching it and answers that URL; without `stopAt` it follows to the end and
 *   answers the last URL and response. `deny` cancels at the provider instead of signing in
 *   (the provider redirects back with `error=access_denied`). The provider's logout page
 *   (its end-session URL) is confirmed the same way, so it can be the start URL too.
 * - `CookieJar`: name=value pairs per origin; enough for loopback servers (paths and `Secure`
 *   are ignored, an expired or `Max-Age=0` cookie is removed).
 */

export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  /** The `Cookie` header for a request to `url`, or undefined when there is none. */
  header(url: URL | string): string | undefined {
    const cookies = this.byOrigin.get(new URL(url).origin);
    if (!cookies || cookies.size === 0) return undefined;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(url: URL | string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }

  /** Takes the `Set-Cookie` lines of a response to a request to `url`. */
  store(url: URL | string, response: Response): void {
    const origin = new URL(url).origin;
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let cookies = this.byOrigin.get(origin);
      if (!cookies) this.byOrigin.set(origin, (cookies = new Map()));
      if (expired(attributes)) cookies.delete(name);
      else cookies.set(name, value);
    }
  }
}

function expired(attributes: string[]): boolean {
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=').map((part) => part.trim());
    if (key.toLowerCase() === 'max-age' && Number(value) <= 0) return true;
    if (key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()) return true;
  }
  return false;
}

export interface ProviderSignIn {
  /** The redirect target matching `stopAt` (not fetched), else the last URL fetched. */
  url: URL;
  /** The last response: the redirect to `stopAt`, or the end of the chain. */
  response: Response;
  jar: CookieJar;
}

export interface SignInOptions {
  stopAt?: string;
  jar?: CookieJar;
  deny?: boolean;
}

const MAX_STEPS = 20;

export async function signInThroughProvider(
  startUrl: URL | string,
  account: string,
  options: SignInOptions = {},
): Promise<ProviderSignIn> {
  const jar = options.jar ?? new CookieJar();
  let url = new URL(startUrl);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const headers: Record<string, string> = {};
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      body: form,
      headers,
      redirect: 'manual',
    });
    jar.store(url, response);
    form = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (options.stopAt && next.href.startsWith(options.stopAt)) {
        return { url: next, response, jar };
      }
      url = next;
      continue;
    }
    if (!(response.headers.get('content-type') ?? '').includes('text/html')) {
      return { url, response, jar };
    }
    const html = await response.text();
    const page = providerPage(html, url);
    if (!page) return { url, response: copyWithBody(response, html), jar };
    if (options.deny && page.abortUrl) {
      url = page.abortUrl;
      continue;
    }
    form = page.fields;
    if (form.get('prompt') === 'login') {
      form.set('login', account);
      form.set('password', 'any password');
    }
    url = page.action;
  }
  throw new Error(`signInThroughProvider: more than ${MAX_STEPS} steps from ${String(startUrl)}`);
}

interface ProviderPage {
  action: URL;
  fields: URLSearchParams;
  abortUrl?: URL;
}

/** The provider's login, consent or logout page: its POST form (with the button pressed), its cancel link. */
function providerPage(html: string, base: URL): ProviderPage | undefined {
  const formTag = /<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!formTag) return undefined;
  const fields = new URLSearchParams();
  for (const input of (formTag[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(input[0])?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(input[0])?.[1];
    if (name && /\btype="hidden"/i.test(input[0])) fields.set(name, unescapeHtml(value ?? ''));
  }
  // The first named submit button is the one a person presses (the logout page's "Yes").
  for (const tag of html.matchAll(/<button\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(tag[0])?.[1];
    if (!name) continue;
    fields.set(unescapeHtml(name), unescapeHtml(/\bvalue="([^"]*)"/i.exec(tag[0])?.[1] ?? ''));
    break;
  }
  const abort = /<a\b[^>]*\bhref="([^"]*\/abort)"/i.exec(html)?.[1];
  return {
    action: new URL(unescapeHtml(formTag[1] ?? ''), base),
    fields,
    abortUrl: abort ? new URL(unescapeHtml(abort), base) : undefined,
  };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function copyWithBody(response: Response, body: string): Response {
  return new Response(body, { status: response.status, headers: response.headers });
}
