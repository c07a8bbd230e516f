/**
 * Whether the panel offers "Delete Service…", decided from the viewer's access check
 * (GET /api/external-services/deletion/access: a SelfSubjectAccessReview for delete on services
 * in the Service's namespace), so a person who may not delete learns it beside the button, in
 * words, not first in the dialog. Pure.
 *
 * Contract: `deleteOffer(report, error)` — `report` the check's answer (null while it is out),
 * `error` the check's own failure in words (null when none). Refused or read-only: not offered,
 * with the reason. Checking, or the check itself failed: offered (the dialog reads again and
 * the server checks again before it deletes), with a note when the check failed. Allowed:
 * offered, nothing to say.
 */
import type { AccessReport } from '@/lib/api/write-results';

export interface DeleteOffer {
  /** Whether the button opens the dialog. */
  offered: boolean;
  /** What the panel says beside the button; null when there is nothing to say. */
  note: string | null;
}

export function deleteOffer(report: AccessReport | null, error: string | null): DeleteOffer {
  if (error !== null)
    return { offered: true, note: `Could not check whether you may delete it: ${error}` };
  if (report === null) return { offered: true, note: null };
  if (report.readOnly)
    return { offered: false, note: 'You cannot delete it: the dashboard is read-only.' };
  if (report.allowed) return { offered: true, note: null };
  const why = report.denied.map((d) => d.message).join(' ');
  return {
    offered: false,
    note: `You cannot delete it: ${why || `the cluster refused the check in namespace ${report.namespace}.`}`,
  };
}
