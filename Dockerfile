# The Switchboard image: Next's standalone server, run as `node server.js` by uid 65532.
# Each step only wraps what the tests run: scripts/build-standalone.sh builds and checks
# .next/standalone, and the test suite starts that same directory (read-only, as a non-root user,
# with an in-cluster ServiceAccount). The image itself is not built in CI (no container engine).
# Probes are the Deployment's (deploy/base), so there is no HEALTHCHECK.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/build-standalone.sh

FROM node:20.20.2-bookworm-slim
WORKDIR /app
# HOSTNAME: the UI binds the pod's loopback (the kubelet would set it to the pod name).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=127.0.0.1
# Owned by root and not writable by the server: only /tmp and .next/cache are (emptyDirs).
COPY --from=build /src/.next/standalone/ ./
USER 65532:65532
# Only the UI port: probes and /metrics listen on 9090 only where SWITCHBOARD_METRICS_PORT is set
# (the Deployment in deploy/base sets it; the image does not).
EXPOSE 3000
# The same Node flags as `switchboard serve` (cli/server-node-flags.ts says why).
CMD ["node", "--heap-growing-percent=20", "--max-semi-space-size=4", "server.js"]
