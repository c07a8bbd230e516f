/**
 * `--auth proxy`: the person an authenticating proxy in front of Switchboard (oauth2-proxy,
 * Pomerium, an ingress with auth) names in its headers, as kube-apiserver's request-header
 * authenticator reads them.
 *
 * Contract: the user and groups headers are honoured only when the request's socket address
 * (the `x-switchboard-peer` header the server stamps, lib/http/peer-address.ts; a client cannot
 * set it) lies in `--trusted-proxies`. From any other address a request carrying either header is
 * refused (403 `untrusted-identity`, saying why) and one without them is unauthenticated (401).
 * From a trusted proxy: no user header is 401; the groups header is comma-separated and/or
 * repeated (the Fetch `Headers` joins repeats with ", "); a username under `system:` is refused
 * (403), as lib/auth/oidc-identity.ts refuses it — the dashboard impersonates this name, and no
 * proxy speaks for the cluster's own users (`system:admin`, `system:kube-controller-manager`, a
 * node); a group under `system:` other than `system:authenticated` is refused (403) — no header
 * may put anyone in the cluster's own groups (`system:masters`, `system:nodes`, …), whatever a
 * proxy lets through; grant rights with RBAC bindings instead. The rule is OIDC's too, one
 * definition: lib/auth/identity-names.ts. Empty group names are dropped. Names are taken as the
 * cluster's RBAC subjects name them (no prefixes are applied). Pure (server-side only for the
 * peer header's module).
 */
import ipaddr from 'ipaddr.js';
import { problem } from '../api/problem';
import type { ProxySettings } from './settings';
import { PEER_HEADER } from '../http/peer-address';
import type { ViewerAnswer } from './viewer-answer';
import { groupNames, isReservedGroup, isReservedUsername } from './identity-names';

export function isTrustedPeer(peer: string, ranges: ProxySettings['trustedProxies']): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is matched as 10.0.0.1.
    address = ipaddr.process(peer.trim().replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
  return ranges.some(([range, bits]) => {
    if (range.kind() !== address.kind()) return false;
    return address.kind() === 'ipv4'
      ? (address as ipaddr.IPv4).match(range as ipaddr.IPv4, bits)
      : (address as ipaddr.IPv6).match(range as ipaddr.IPv6, bits);
  });
}

export function groupsOf(value: string | null): string[] {
  if (value === null) return [];
  return groupNames(value.split(',').map((group) => group.trim()));
}

export function proxyViewer(headers: Headers, proxy: ProxySettings): ViewerAnswer {
  const user = headers.get(proxy.userHeader);
  const groupsHeader = headers.get(proxy.groupsHeader);
  const peer = headers.get(PEER_HEADER) || undefined;
  if (!peer || !isTrustedPeer(peer, proxy.trustedProxies)) {
    if (user !== null || groupsHeader !== null) {
      return {
        ok: false,
        problem: problem(
          'untrusted-identity',
          `Refused: the identity headers (${proxy.userHeader}, ${proxy.groupsHeader}) are honoured only from the authenticating proxy (--trusted-proxies), and this request came from ${peer ?? 'an unknown address'}.`,
        ),
      };
    }
    return {
      ok: false,
      problem: problem(
        'unauthenticated',
        'Switchboard signs people in through an authenticating proxy, and this request did not come through it.',
      ),
    };
  }
  const username = user?.trim();
  if (!username) {
    return {
      ok: false,
      problem: problem(
        'unauthenticated',
        `The authenticating proxy did not identify you (no ${proxy.userHeader} header).`,
      ),
    };
  }
  if (isReservedUsername(username)) {
    return {
      ok: false,
      problem: problem(
        'untrusted-identity',
        `Refused: the ${proxy.userHeader} header names "${username}", under system:, which Switchboard never accepts from a header: those are the cluster's own users.`,
      ),
    };
  }
  const groups = groupsOf(groupsHeader);
  const refused = groups.filter(isReservedGroup);
  if (refused.length > 0) {
    return {
      ok: false,
      problem: problem(
        'untrusted-identity',
        `Refused: the ${proxy.groupsHeader} header names ${refused.join(', ')}, under system:, which Switchboard never accepts from a header (only system:authenticated, which every signed-in person has anyway); grant rights with RBAC bindings instead.`,
      ),
    };
  }
  return { ok: true, viewer: { mode: 'proxy', user: { username, groups } } };
}
