import 'server-only';
/**
 * The watch stream's wire format, read as client-go's watch decoder and reflector read it: one
 * JSON event per line (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR), and which failures mean the
 * loop's resourceVersion can no longer be trusted, so it must list again.
 *
 * A torn or unknown line is an error, never skipped: skipping would lose an event silently,
 * while failing resumes the watch from the last applied resourceVersion, which replays it.
 */
import { KubeApiError, unreachableCode } from './transport';

export interface RawObject {
  kind?: string;
  apiVersion?: string;
  metadata?: { uid?: string; name?: string; namespace?: string; resourceVersion?: string };
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What one watch line asks of the loop. */
export type WatchLine =
  | { kind: 'object'; type: WatchEventType; object: RawObject }
  | { kind: 'bookmark'; resourceVersion: string | undefined };

/** A watch ERROR event with code 410: the resourceVersion watched from is compacted away. */
export class ExpiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpiredError';
  }
}

/** Parses one non-empty watch line of the collection at `path`; ERROR events throw. */
export function parseWatchLine(line: string, path: string): WatchLine {
  let event: {
    type?: string;
    object?: RawObject & { code?: number; message?: string; reason?: string };
  };
  try {
    event = JSON.parse(line) as typeof event;
  } catch {
    throw new Error('unparseable watch line');
  }
  const object = event.object;
  if (!object) throw new Error('watch event without object');
  switch (event.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      return { kind: 'object', type: event.type, object };
    case 'BOOKMARK':
      return { kind: 'bookmark', resourceVersion: object.metadata?.resourceVersion };
    case 'ERROR':
      if (object.code === 410)
        throw new ExpiredError(`watch ${path}: ${object.message ?? 'expired'}`);
      throw new KubeApiError(
        object.code ?? 500,
        `watch ${path}: ${object.message ?? 'error event'}`,
        object.reason,
      );
    default:
      throw new Error(`unknown watch event type ${String(event.type)}`);
  }
}

/**
 * Whether a failure invalidates the resourceVersion the loop would resume from:
 * - 410 (an ERROR event or the HTTP status): the resourceVersion is compacted;
 * - 504 `Timeout: Too large resource version`: the apiserver's watch cache is behind it
 *   (staging/src/k8s.io/apiserver/pkg/storage/cacher), e.g. a cluster restored from a backup;
 * - unreachable: contact was lost, so nothing is known of what happened meanwhile — a server
 *   that comes back may be a different cluster at the same address with overlapping
 *   resourceVersions.
 * All three relist; the cache's diff keeps a relist free of spurious updates, and one LIST per
 * kind per outage is all it costs.
 */
export function mustRelist(err: unknown): boolean {
  if (err instanceof ExpiredError) return true;
  if (err instanceof KubeApiError && err.status === 410) return true;
  if (
    err instanceof KubeApiError &&
    err.status === 504 &&
    /too large resource version/i.test(err.message)
  )
    return true;
  return unreachableCode(err) !== undefined;
}
