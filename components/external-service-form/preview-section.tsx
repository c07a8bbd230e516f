/**
 * The server's dry run shown before anything is created: one line per object, the manifests as
 * YAML and the same as a `kubectl apply -f -` command.
 */
import { CodeBlock } from '@/components/ui/code-block';
import type { PreviewResult } from './external-service-actions';

export function PreviewSection({
  idPrefix,
  preview,
}: {
  idPrefix: string;
  preview: PreviewResult;
}) {
  return (
    <section aria-labelledby={`${idPrefix}-preview-title`} className="flex flex-col gap-2">
      <h3 id={`${idPrefix}-preview-title`} className="font-semibold">
        Preview
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
