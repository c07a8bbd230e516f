'use client';
/**
 * Why a Service does not route (or what needs attention): each reason with its severity, code,
 * summary, detail, the evidence (which field of which object says so) and the kubectl commands
 * that show it. Root cause first: a symptom another reason explains (`causedBy`) is listed under
 * that cause, never above it (the diagnosis already orders them cause first). Under a cause, the
 * change from the Service's trail that explains it, when the trail holds one (CauseChange); the
 * trail is re-read as soon as the reasons change, so that line follows a new reason promptly. A
 * cause's suggested fix is shown apart from the read-only commands and labelled as a change to the
 * cluster (FixBlock, with its dry-run preview when writes are possible); Switchboard never runs
 * it. A scale fix takes its count from the same trail as the "Changed:" line
 * (lib/diagnostics/trail-fixes.ts; the preview route joins the server's trail the same way). Text from the cluster is shown through ClusterText (bidi-isolated, control characters made
 * visible). The words apart from the markup (title, grouping) are diagnosis-groups.ts's.
 */
import { useMemo } from 'react';
import { withTrailFixes } from '@/lib/diagnostics/trail-fixes';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { HealthState } from '@/lib/topology/model';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { CauseChange } from '@/components/diagnostics/cause-change';
import { reasonsKey } from '@/components/diagnostics/timeline-polls';
import {
  useServiceTimeline,
  useTimelineRefreshOn,
} from '@/components/diagnostics/use-service-timeline';
import { FixBlock } from '@/components/diagnostics/fix-block';
import { ClusterText } from '@/components/ui/cluster-text';
import { CommandList } from './command-list';
import { diagnosisTitle, groupByCause, shownReasons, type Reason } from './diagnosis-groups';
import { PanelSection } from './panel-section';

const SEVERITY_TONE: Record<string, BadgeTone> = { error: 'bad', warning: 'warn' };

function ReasonItem({
  reason,
  symptoms = [],
  service,
  readOnly,
}: {
  reason: Reason;
  symptoms?: Reason[];
  /** Given for a root reason: its explaining change is looked up in this Service's trail. */
  service?: ServiceDiagnosis;
  readOnly: boolean;
}) {
  // The panel is one Service's: named when this reason knows it (root reasons).
  const whose = service ? ` of ${service.namespace}/${service.name}` : '';
  return (
    <li data-code={reason.code} data-caused-by={reason.causedBy} className="text-sm">
      <p>
        <Badge tone={SEVERITY_TONE[reason.severity] ?? 'muted'} className="mr-1">
          {reason.severity}
        </Badge>
        <code className="mr-1 text-xs text-muted">{reason.code}</code>
        <ClusterText text={reason.summary} max={400} of={`the ${reason.code} problem${whose}`} />
      </p>
      {service && (
        <CauseChange namespace={service.namespace} name={service.name} code={reason.code} />
      )}
      {reason.detail && (
        <p className="mt-1 text-muted">
          <ClusterText
            text={reason.detail}
            max={400}
            of={`the detail of the ${reason.code} problem${whose}`}
          />
        </p>
      )}
      {reason.evidence.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-xs">
          {reason.evidence.map((ev, j) => (
            <li key={j}>
              {ev.kind} <ClusterText text={`${ev.namespace ? `${ev.namespace}/` : ''}${ev.name}`} />
              : <code>{ev.field}</code> ={' '}
              <code>
                <ClusterText
                  text={ev.value}
                  max={200}
                  of={`${ev.kind} ${ev.name}'s ${ev.field} (${reason.code} evidence)`}
                />
              </code>
            </li>
          ))}
        </ul>
      )}
      {reason.commands.length > 0 && (
        <div className="mt-1">
          <CommandList commands={reason.commands} />
        </div>
      )}
      {reason.fix && (
        <FixBlock fix={reason.fix} code={reason.code} service={service} readOnly={readOnly} />
      )}
      {symptoms.length > 0 && (
        <div className="mt-2 border-l-2 border-line pl-3">
          <p className="text-xs text-muted">What this causes:</p>
          <ul className="mt-1 space-y-2" data-testid="diagnosis-symptoms">
            {symptoms.map((symptom, i) => (
              <ReasonItem key={`${symptom.code}-${i}`} reason={symptom} readOnly={readOnly} />
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

export function DiagnosisSection({
  service,
  diagnosis: computed,
  health,
  readOnly,
}: {
  /** The Service whose trail completes the fixes (read even before its diagnosis arrives). */
  service: { namespace: string; name: string };
  diagnosis: ServiceDiagnosis | undefined;
  health: HealthState;
  /** No "Preview this fix" when the dashboard is read-only. */
  readOnly: boolean;
}) {
  const { timeline } = useServiceTimeline(service.namespace, service.name);
  useTimelineRefreshOn(service.namespace, service.name, reasonsKey(computed?.reasons ?? []));
  const diagnosis = useMemo(
    () => (computed && timeline ? withTrailFixes(computed, timeline.entries) : computed),
    [computed, timeline],
  );
  const reasons = shownReasons(diagnosis);
  const title = diagnosisTitle(reasons, health);
  return (
    <PanelSection title={title} id="panel-diagnosis">
      {reasons.length === 0 ? (
        <p className="text-sm">
          {diagnosis ? 'Routes: every check passed.' : 'No diagnosis available.'}
        </p>
      ) : (
        <ul className="space-y-3" data-testid="diagnosis-reasons">
          {groupByCause(reasons).map(({ reason, symptoms }, i) => (
            <ReasonItem
              key={`${reason.code}-${i}`}
              reason={reason}
              symptoms={symptoms}
              readOnly={readOnly}
              {...(diagnosis ? { service: diagnosis } : {})}
            />
          ))}
        </ul>
      )}
    </PanelSection>
  );
}
