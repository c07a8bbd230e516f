/**
 * `GET /readyz`: readiness — 200 once every required kind has synced (a kind RBAC forbids counts
 * as settled, degraded) and the server is not draining; else a 503 problem naming the kinds still
 * pending, or `shutting-down` (lib/ops/health.ts). Starts the hub if needed. Unguarded: probes
 * come from anywhere.
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { opsResponse } from '@/lib/ops/endpoints';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none', auth: 'public' }, async () =>
  reply.response(await opsResponse('/readyz')),
);
