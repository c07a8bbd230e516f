/**
 * The incident snapshot file (`switchboard.snapshot/v1`, lib/api/history.ts `SnapshotFile`):
 * building one from the records at an instant, and reading one back — validated, so a file
 * that is not a snapshot of this version is refused with what is wrong, never half-shown.
 *
 * Contract: the schema checks the envelope exactly (schema name and version, cluster info,
 * instants as RFC 3339 UTC times) and each record's kind and identity (`meta.uid`, `name`,
 * `namespace`, `resourceVersion`); the rest of a record is kept as written (the slim record
 * shapes are the code's, lib/topology/records.ts). A snapshot names its own instant (`at`) and
 * when it was taken (`takenAt`). It may carry the Service trails of the time before `at`
 * (`trail`, snapshot-trail.ts): optional, so files saved before it existed still open, and
 * nothing in it may come after `at`. It may carry the DNS answers the dashboard diagnosed
 * ExternalName Services with when it was taken (`dns`): optional for the same reason, so a file
 * without them opens and its ExternalNames read as not looked up. Isomorphic.
 */
import { z } from 'zod';
import { SNAPSHOT_SCHEMA, type SnapshotFile, type SnapshotTrail } from '../api/history';
import type { DnsResult } from '../diagnostics/dns';
import { KINDS } from '../k8s/kinds';
import type { ClusterInfo } from '../stream/protocol';
import type { RecordKind, SlimRecord } from '../topology/records';

/** Every kind the dashboard reads (lib/k8s/kinds.ts, the one registry of them). */
const RECORD_KINDS = Object.keys(KINDS) as [RecordKind, ...RecordKind[]];

const instant = z.iso.datetime({ offset: false });

const recordSchema = z
  .object({
    kind: z.enum(RECORD_KINDS),
    meta: z
      .object({
        uid: z.string().min(1),
        name: z.string().min(1),
        namespace: z.string(),
        resourceVersion: z.string(),
      })
      .loose(),
  })
  .loose();

const serviceName = z.object({ namespace: z.string().min(1), name: z.string().min(1) }).strict();

/** The trail before the instant: entries and endpoints are kept as written, like records. */
const trailSchema = z
  .object({
    since: instant,
    baselines: z.array(
      z
        .object({
          service: serviceName,
          at: instant,
          endpoints: z.array(z.object({ address: z.string().min(1) }).loose()),
          createdAt: instant.optional(),
        })
        .strict(),
    ),
    entries: z.array(
      z.object({ at: instant, type: z.string().min(1), service: serviceName }).loose(),
    ),
  })
  .strict();

/** One DNS answer as lib/diagnostics/dns.ts gives it. */
const dnsAnswerSchema = z
  .object({
    ok: z.boolean(),
    addresses: z.array(z.string()).optional(),
    error: z.string().optional(),
    skipped: z.boolean().optional(),
    checkedAt: instant,
  })
  .strict();

const snapshotSchema = z
  .object({
    schema: z.literal(SNAPSHOT_SCHEMA),
    cluster: z.object({ name: z.string(), simulated: z.boolean(), readOnly: z.boolean() }).loose(),
    at: instant,
    takenAt: instant,
    records: z.array(recordSchema),
    trail: trailSchema.optional(),
    dns: z.record(z.string().min(1), dnsAnswerSchema).optional(),
  })
  .strict()
  .superRefine((file, context) => {
    // A trail is the time before the instant: nothing in it may come after `at`.
    const at = Date.parse(file.at);
    const after = (time: string) => Date.parse(time) > at;
    if (file.trail && after(file.trail.since))
      context.addIssue({ code: 'custom', path: ['trail', 'since'], message: 'after the instant' });
    file.trail?.entries.forEach((entry, index) => {
      if (after(entry.at))
        context.addIssue({
          code: 'custom',
          path: ['trail', 'entries', index, 'at'],
          message: 'after the instant',
        });
    });
  });

export function makeSnapshot(
  cluster: ClusterInfo,
  at: number,
  takenAt: number,
  records: SlimRecord[],
  trail?: SnapshotTrail,
  dns?: Record<string, DnsResult>,
): SnapshotFile {
  return {
    schema: SNAPSHOT_SCHEMA,
    cluster,
    at: new Date(at).toISOString(),
    takenAt: new Date(takenAt).toISOString(),
    records,
    ...(trail ? { trail } : {}),
    ...(dns && Object.keys(dns).length > 0 ? { dns } : {}),
  };
}

/** The snapshot in `text`, or why it is not one (one line per problem, with its path). */
export function parseSnapshot(
  text: string,
): { ok: true; snapshot: SnapshotFile } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues
        .slice(0, 10)
        .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`),
    };
  }
  return { ok: true, snapshot: parsed.data as unknown as SnapshotFile };
}
