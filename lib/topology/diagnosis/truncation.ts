/**
 * `endpoints-truncated` (warning): the v1 Endpoints carries the over-capacity annotation — the
 * endpoints controller stops at 1,000 addresses, so clients still reading v1 Endpoints see only
 * part of the Service while the EndpointSlices carry all of it.
 *
 * Contract: returns true when it reported — a truncated Endpoints is expected to differ from the
 * slices, so drift.ts need not say it again.
 */
import { commandList } from '../shell-quote';
import type { ServiceCheck } from './check';

const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

export function checkTruncated(c: ServiceCheck): boolean {
  const legacy = c.routing.legacy;
  const value = legacy?.meta.annotations?.[OVER_CAPACITY];
  if (!legacy || value === undefined) return false;
  const listed = legacy.subsets.reduce(
    (n, s) => n + s.addresses.length + s.notReadyAddresses.length,
    0,
  );
  const total = c.routing.usesLegacy ? undefined : c.routing.endpoints.length;
  c.reasons.push({
    code: 'endpoints-truncated',
    severity: 'warning',
    summary:
      `The v1 Endpoints ${legacy.meta.name} is over capacity (${OVER_CAPACITY}: ${value}): it lists ${listed}` +
      `${total !== undefined ? ` of ${total}` : ''} addresses, so clients still reading v1 Endpoints see only part of the Service.`,
    detail: 'v1 Endpoints stops at 1,000 addresses; EndpointSlices carry them all.',
    evidence: [
      {
        kind: 'Endpoints',
        namespace: c.ns,
        name: legacy.meta.name,
        field: `metadata.annotations.${OVER_CAPACITY}`,
        value,
      },
    ],
    commands: commandList(c.cmd.endpoints, c.cmd.slices),
  });
  return true;
}
