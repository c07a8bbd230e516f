/**
 * Next.js configuration. `compress: false` keeps SSE frames unbuffered behind any proxy; the
 * stream compresses itself, per tab, and labels its own answers (lib/http/node-answer.ts).
 *
 * `output: 'standalone'`: what ships (the image, `switchboard serve`, the tests) is the
 * self-contained server scripts/build-standalone.sh assembles from `.next/standalone`, started as
 * `node server.js`. File tracing is rooted here so that the server sits at the directory's top
 * whatever the checkout's parent holds.
 *
 * Security headers on every response (OWASP's secure-headers baseline). The CSP allows inline scripts and styles
 * because the App Router inlines its bootstrap and React sets style attributes; everything else
 * is same-origin only, with no plugins, no <base>, no framing. HSTS is left to the TLS-terminating
 * proxy in front of a non-loopback deployment (it means nothing over plain http on 127.0.0.1).
 */
import { fileURLToPath } from 'node:url';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: CONTENT_SECURITY_POLICY },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig = {
  output: 'standalone',
  outputFileTracingRoot: fileURLToPath(new URL('.', import.meta.url)),
  compress: false,
  poweredByHeader: false,
  // The stream's Pages Router routes (pages/api/) bundle their dependencies as the App Router's
  // routes do: otherwise `server-only` is loaded from node_modules at run time, outside the
  // bundler's server layer, and throws.
  bundlePagesRouterDependencies: true,
  // Loaded by Node at run time, not bundled: PGlite finds its WASM and data files next to its own
  // module (new URL('./pglite.wasm', import.meta.url)), which only holds in node_modules.
  serverExternalPackages: ['@kubernetes/client-node', '@electric-sql/pglite', 'pg'],
  // `npm test` runs `tsc --noEmit` over the same files as its first gate and then builds beside
  // the unit tests: it says so with SWITCHBOARD_TYPECHECKED=1, and the build does not repeat the
  // check. Every other build (npm start, the image, a developer's) type-checks as usual.
  typescript: { ignoreBuildErrors: process.env.SWITCHBOARD_TYPECHECKED === '1' },
  // A CI build starts from a clean clone and is never rebuilt: writing Turbopack's build cache
  // (about half a minute) would be work nobody reads.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI },
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};
export default nextConfig;
