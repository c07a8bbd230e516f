/** Next.js configuration. `compress: false` keeps SSE frames unbuffered behind any proxy. */
const nextConfig = {
  compress: false,
  poweredByHeader: false,
  serverExternalPackages: ['@kubernetes/client-node'],
};
export default nextConfig;
