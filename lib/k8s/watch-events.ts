import 'server-only';
/**
 * The watch stream's wire format, read as client-go's watch decoder and reflector read it: one
 * JSON event per line (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR), and which failures mean the
 * loop's resourceVersion can no longer be trusted, so it must list again.
 *
 * A torn or unknown line is an error, never skipped: skipping would lose an event silently,
 * while failing resumes the watch from the last applied resourceVersion, which replays it.
 */
import { KubeApiError } from './transport';

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

/**
 * A watch line that cannot be read (torn, not JSON, of an unknown type). The connection itself
 * was fine, so the loop resumes from the last applied resourceVersion, which replays the event.
 */
export class WatchLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchLineError';
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
    throw new WatchLineError('unparseable watch line');
  }
  const object = event.object;
  if (!object) throw new WatchLineError('watch event without object');
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
      throw new WatchLineError(`unknown watch event type ${String(event.type)}`);
  }
}

/**
 * Whether a failure invalidates the resourceVersion the loop would resume from:
 * - 410 (an ERROR event or the HTTP status): the resourceVersion is compacted;
 * - 504 `Timeout: Too large resource version`: the apiserver's watch cache is behind it
 *   (staging/src/k8s.io/apiserver/pkg/storage/cacher), e.g. a cluster restored from a backup;
 * - any connection-level failure — refused, reset, "socket hang up", a body cut short, a hung
 *   peer: contact was lost, so nothing is known of what happened meanwhile, and the server that
 *   answers next may be a different cluster at the same address whose resourceVersions overlap
 *   the old one's (it would accept the old one and send nothing, leaving the map showing the
 *   previous cluster for good).
 * Only an HTTP answer from the server (other than those above) and an unreadable line keep the
 * resourceVersion. The cache's diff keeps a relist free of spurious updates.
 */
export function mustRelist(err: unknown): boolean {
  if (err instanceof ExpiredError) return true;
  if (err instanceof KubeApiError) return err.status === 410 || resourceVersionTooLarge(err);
  return !(err instanceof WatchLineError);
}

/** The server said the resourceVersion is gone or ahead of it: relist now, without backoff. */
export function relistAtOnce(err: unknown): boolean {
  if (err instanceof ExpiredError) return true;
  return err instanceof KubeApiError && (err.status === 410 || resourceVersionTooLarge(err));
}

function resourceVersionTooLarge(err: KubeApiError): boolean {
  return err.status === 504 && /too large resource version/i.test(err.message);
}
