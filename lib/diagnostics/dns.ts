/**
 * Resolves the DNS names of ExternalName Services from the Switchboard server, with a timeout,
 * for the `external-name-unresolved` diagnosis.
 *
 * Contract: results are cached for `ttlMs` per name so the diagnosis can be recomputed on every
 * change without a lookup storm; names reserved by RFC 6761 (.invalid, .test, .example,
 * .localhost) are answered locally without a query; on a simulated cluster nothing is looked up
 * (its names are data) and the result says so. A recorded snapshot's checker
 * (`recordedDnsChecker`) looks nothing up either: it answers what the snapshot carries, and for
 * a name it does not carry, that it was not looked up when the snapshot was taken. Node-only (no `server-only` marker: the
 * `switchboard diagnose` CLI uses it outside Next).
 */
import { lookup } from 'node:dns/promises';
import { errorMessage } from '../error-message';
import { lookupDns } from '../topology/diagnosis/external-name';

export interface DnsResult {
  ok: boolean;
  addresses?: string[];
  error?: string;
  /** True when no lookup was made (simulated cluster). */
  skipped?: boolean;
  checkedAt: string;
}

export type Lookup = (hostname: string) => Promise<string[]>;

const defaultLookup: Lookup = async (hostname) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

function reservedAnswer(hostname: string): DnsResult | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  const checkedAt = new Date().toISOString();
  if (/(^|\.)(invalid|test|example)$/.test(name)) {
    return {
      ok: false,
      error: `NXDOMAIN: "${name}" is a reserved name that never resolves (RFC 6761)`,
      checkedAt,
    };
  }
  if (/(^|\.)localhost$/.test(name)) {
    return { ok: true, addresses: ['127.0.0.1'], checkedAt };
  }
  return undefined;
}

export interface DnsChecker {
  resolve(hostname: string): Promise<DnsResult>;
  /** The cached results, for a pure diagnosis: hostname → result. */
  known(): Record<string, DnsResult>;
}

export function createDnsChecker(options: {
  simulated: boolean;
  timeoutMs?: number;
  ttlMs?: number;
  lookup?: Lookup;
  now?: () => number;
}): DnsChecker {
  const timeoutMs = options.timeoutMs ?? 2000;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const doLookup = options.lookup ?? defaultLookup;
  const cache = new Map<string, { result: DnsResult; at: number }>();
  const inflight = new Map<string, Promise<DnsResult>>();

  async function query(hostname: string): Promise<DnsResult> {
    const reserved = reservedAnswer(hostname);
    if (reserved) return reserved;
    if (options.simulated) {
      return {
        ok: true,
        skipped: true,
        error: 'not looked up: the embedded cluster is simulated',
        checkedAt: new Date().toISOString(),
      };
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const addresses = await Promise.race([
        doLookup(hostname),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      return { ok: true, addresses, checkedAt: new Date().toISOString() };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message =
        code === 'ENOTFOUND'
          ? `NXDOMAIN: "${hostname}" does not resolve`
          : code
            ? `${code}: ${errorMessage(error)}`
            : errorMessage(error);
      return { ok: false, error: message, checkedAt: new Date().toISOString() };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async resolve(hostname) {
      const cached = cache.get(hostname);
      if (cached && now() - cached.at < ttlMs) return cached.result;
      let pending = inflight.get(hostname);
      if (!pending) {
        pending = query(hostname).then((result) => {
          cache.set(hostname, { result, at: now() });
          inflight.delete(hostname);
          return result;
        });
        inflight.set(hostname, pending);
      }
      return pending;
    },
    known() {
      return Object.fromEntries([...cache].map(([name, entry]) => [name, entry.result]));
    },
  };
}

/** Why a recorded snapshot has no answer for a name (the panel shows it as the lookup's result). */
export const NOT_LOOKED_UP_IN_SNAPSHOT = 'not looked up when the snapshot was taken';

/**
 * The answers a snapshot carries (`SnapshotFile.dns`), served as a checker: nothing is looked
 * up; a name the snapshot has no answer for is `skipped`, saying so, checked at `takenAt`.
 */
export function recordedDnsChecker(
  answers: Record<string, DnsResult> | undefined,
  takenAt: string,
): DnsChecker {
  const recorded = answers ?? {};
  return {
    async resolve(hostname) {
      return (
        (lookupDns(recorded, hostname) as DnsResult | undefined) ?? {
          ok: true,
          skipped: true,
          error: NOT_LOOKED_UP_IN_SNAPSHOT,
          checkedAt: takenAt,
        }
      );
    },
    known() {
      return { ...recorded };
    },
  };
}
