/**
 * The server's dry run shown before anything is created: the cluster it was made in (when the
 * page names one), one line per object, the manifests as YAML and the same as a
 * `kubectl apply -f -` command.
 */
import { CodeBlock } from '@/components/ui/code-block';
import type { PreviewResult } from './external-service-actions';

export function PreviewSection({
  idPrefix,
  preview,
  clusterName = null,
}: {
  idPrefix: string;
  preview: PreviewResult;
  clusterName?: string | null;
}) {
  return (
    <section aria-labelledby={`${idPrefix}-preview-title`} className="flex flex-col gap-2">
      {/* Focused after a preview (tabIndex -1: reachable by script, not by Tab). */}
      <h3 id={`${idPrefix}-preview-title`} className="font-semibold" tabIndex={-1}>
        {clusterName ? `Preview in cluster ${clusterName}` : 'Preview'}
      </h3>
      <ul className="text-sm">
        {preview.dryRun.map((d) => (
          <li key={`${d.kind}/${d.name}`}>
            {d.kind} {d.name}: {d.message}
          </li>
        ))}
      </ul>
      <CodeBlock label="Manifests (YAML)" data-testid="preview-yaml">
        {preview.yaml}
      </CodeBlock>
      <p className="text-sm">The same with kubectl:</p>
      <CodeBlock label="kubectl command">{preview.command}</CodeBlock>
    </section>
  );
}
