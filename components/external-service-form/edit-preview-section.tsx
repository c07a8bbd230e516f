/**
 * The edit form's dry run, shown before Save: each address added, removed or kept — marked by
 * a sign and a word, not by colour alone — then each write the API server accepted, and the
 * objects as YAML.
 */
import { CodeBlock } from '@/components/ui/code-block';
import { DiffList } from '@/components/ui/diff-list';
import type { EditPreview } from '@/lib/api/write-results';

const CHANGES = ['added', 'removed', 'kept'] as const;

export function EditPreviewSection({
  idPrefix,
  preview,
}: {
  idPrefix: string;
  preview: EditPreview;
}) {
  const unchanged = preview.added.length === 0 && preview.removed.length === 0;
  return (
    <section aria-labelledby={`${idPrefix}-preview-title`} className="flex flex-col gap-2">
      {/* Focused after a preview (tabIndex -1: reachable by script, not by Tab). */}
      <h3 id={`${idPrefix}-preview-title`} className="font-semibold" tabIndex={-1}>
        Preview
      </h3>
      {unchanged ? (
        <p className="text-sm">No address changes: Save would rewrite the same addresses.</p>
      ) : null}
      <DiffList
        label="Address changes"
        rows={CHANGES.flatMap((change) =>
          preview[change].map((address) => ({
            key: `${change}-${address}`,
            change,
            text: address,
          })),
        )}
      />
      <ul className="text-sm">
        {preview.writes.map((w) => (
          <li key={`${w.kind}/${w.name}`}>
            {w.verb === 'update' ? 'Update' : 'Create'} {w.kind} {w.name}: {w.message}
          </li>
        ))}
      </ul>
      <CodeBlock label="Objects as Save would write them (YAML)" data-testid="edit-preview-yaml">
        {preview.yaml}
      </CodeBlock>
    </section>
  );
}
