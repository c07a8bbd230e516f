'use client';
/**
 * Under a diagnosis reason: the change that explains it, from the Service's trail — "Changed:
 * Service selector changed app=nginx → app=ngnix at 12:19:30 by kubectl-edit (Update)".
 *
 * Contract: renders nothing when the trail holds no change that explains the code (it happened
 * before Switchboard was watching, or nothing explains it): never a guess. The trail is the
 * panel's one shared poll (use-service-timeline.ts); the join is lib/diagnostics/cause-link.ts.
 */
import { causeChange, causeText } from '@/lib/diagnostics/cause-link';
import { ClusterText } from '@/components/ui/cluster-text';
import { formatClock } from '@/lib/graph/describe';
import { useServiceTimeline } from './use-service-timeline';

/** One cause (reason code) of one Service: what the cause-level panel parts are given. */
export interface ServiceCause {
  namespace: string;
  name: string;
  code: string;
}

export function CauseChange({ namespace, name, code }: ServiceCause) {
  const { timeline } = useServiceTimeline(namespace, name);
  const entry = timeline ? causeChange(code, timeline.entries) : undefined;
  if (!entry) return null;
  return (
    <p className="mt-1 text-sm">
      <span className="font-semibold">Changed:</span>{' '}
      <ClusterText
        text={causeText(entry, formatClock(entry.at))}
        max={300}
        of={`the change behind ${code} of ${namespace}/${name}`}
      />
    </p>
  );
}
