'use client';
/**
 * A cause's suggested fix in the panel: labelled as a change to the cluster, its description,
 * the command with Copy — Switchboard never runs it — and, with write access, "Preview this fix"
 * (the API server's dry run, fix-preview.tsx).
 *
 * Contract: the preview button is absent in read-only mode (`readOnly`, the same store decision
 * the form's launchers use) and for a fix the server cannot dry-run (`previewBlocker`, the same
 * decision the route takes), which is then said in words instead.
 */
import { CommandList } from '@/components/service-panel/command-list';
import { ClusterText } from '@/components/ui/cluster-text';
import type { SuggestedFix } from '@/lib/topology/diagnosis';
import { previewBlocker } from '@/lib/topology/diagnosis/fix-request';
import { FixPreviewButton } from './fix-preview';

export function FixBlock({
  fix,
  code,
  service,
  readOnly,
}: {
  fix: SuggestedFix;
  code: string;
  service: { namespace: string; name: string } | undefined;
  readOnly: boolean;
}) {
  const blocker = previewBlocker(fix.request);
  return (
    <div className="mt-2 rounded border border-warn p-2" data-testid="diagnosis-fix">
      <p className="text-xs font-semibold">Suggested fix — changes the cluster</p>
      <p className="mb-1 text-xs text-muted">
        <ClusterText text={fix.description} />
      </p>
      <CommandList commands={[fix.command]} />
      {!readOnly && service && !blocker && (
        <FixPreviewButton namespace={service.namespace} name={service.name} code={code} />
      )}
      {!readOnly && blocker && <p className="mt-1 text-xs text-muted">No preview: {blocker}</p>}
    </div>
  );
}
