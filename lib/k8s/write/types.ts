/**
 * The results of the external-Service writes, as the route handlers return them to the form.
 *
 * Contract: plain JSON (no credentials, no client-node types); the browser imports these types
 * only. Every failure says what happened in words, and a conflict carries the `focus` link
 * (`/?focus=<ns>/<name>`) that opens the existing object on the map.
 */
import type { FieldError, Manifest } from '@/lib/topology/validation';

export interface Denied {
  verb: string;
  resource: string;
  group: string;
  namespace: string;
  message: string;
}

export interface ObjectRefJson {
  kind: 'Service' | 'EndpointSlice' | 'Endpoints';
  namespace: string;
  name: string;
  uid?: string;
}

export type WriteResult =
  | { status: 'invalid'; errors: FieldError[] }
  | { status: 'read-only'; message: string }
  | { status: 'forbidden'; message: string; denied: Denied[] }
  | { status: 'conflict'; message: string; focus?: string }
  | { status: 'stale-preview'; message: string }
  | {
      status: 'preview';
      manifests: Manifest[];
      yaml: string;
      command: string;
      /** sha256 of the canonical JSON of `manifests`; Create must send it back. */
      hash: string;
      /** Recorded on the objects; Create must send it back inside its input. */
      requestId: string;
      dryRun: { kind: string; name: string; message: string }[];
    }
  | { status: 'created'; focus: string; created: ObjectRefJson[] }
  | { status: 'updated'; focus: string; updated: ObjectRefJson[] }
  | {
      status: 'failed';
      message: string;
      /** What this request created and then deleted again. */
      rolledBack: ObjectRefJson[];
      /** What could not be deleted (only when the rollback itself failed). */
      leftBehind: ObjectRefJson[];
    };

export interface AccessReport {
  namespace: string;
  readOnly: boolean;
  allowed: boolean;
  denied: Denied[];
}

/** An existing selector-less Service's endpoints, for the edit form. */
export interface EndpointsForEdit {
  namespace: string;
  name: string;
  addresses: string[];
  /** `<Kind>/<name>` → resourceVersion the user saw; sent back for optimistic concurrency. */
  versions: Record<string, string>;
  editable: boolean;
  reason?: string;
}
