/**
 * Why a Service does not route (or what needs attention): each reason with its severity, code,
 * summary, detail, the evidence (which field of which object says so) and the kubectl commands
 * that show it.
 */
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { HealthState } from '@/lib/topology/model';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { CommandList } from './command-list';
import { PanelSection } from './panel-section';

type Reason = ServiceDiagnosis['reasons'][number];

const SEVERITY_TONE: Record<string, BadgeTone> = { error: 'bad', warning: 'warn' };

function ReasonItem({ reason }: { reason: Reason }) {
  return (
    <li data-code={reason.code} className="text-sm">
      <p>
        <Badge tone={SEVERITY_TONE[reason.severity] ?? 'muted'} className="mr-1">
          {reason.severity}
        </Badge>
        <code className="mr-1 text-xs text-muted">{reason.code}</code>
        {reason.summary}
      </p>
      {reason.detail && <p className="mt-1 text-muted">{reason.detail}</p>}
      {reason.evidence.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-xs">
          {reason.evidence.map((ev, j) => (
            <li key={j}>
              {ev.kind} {ev.namespace ? `${ev.namespace}/` : ''}
              {ev.name}: <code>{ev.field}</code> = <code>{ev.value}</code>
            </li>
          ))}
        </ul>
      )}
      {reason.commands.length > 0 && (
        <div className="mt-1">
          <CommandList commands={reason.commands} />
        </div>
      )}
    </li>
  );
}

export function DiagnosisSection({
  diagnosis,
  health,
}: {
  diagnosis: ServiceDiagnosis | undefined;
  health: HealthState;
}) {
  const reasons = (diagnosis?.reasons ?? []).filter((r) => r.code !== 'healthy');
  const title =
    reasons.length === 0
      ? 'Diagnosis'
      : health === 'broken'
        ? 'Why it does not route (diagnosis)'
        : 'What needs attention (diagnosis)';
  return (
    <PanelSection title={title} id="panel-diagnosis">
      {reasons.length === 0 ? (
        <p className="text-sm">
          {diagnosis ? 'Routes: every check passed.' : 'No diagnosis available.'}
        </p>
      ) : (
        <ul className="space-y-3" data-testid="diagnosis-reasons">
          {reasons.map((reason, i) => (
            <ReasonItem key={`${reason.code}-${i}`} reason={reason} />
          ))}
        </ul>
      )}
    </PanelSection>
  );
}
