'use client';
/**
 * The header's word on a signed-in person's view (lib/access/wording.ts): how many namespaces
 * they see, what they may not list, or that they may see nothing at all. Nothing for the
 * dashboard acting as itself. Reads the record store's cluster info only.
 */
import { accessWords } from '@/lib/access/wording';
import { selectCluster } from '@/lib/store/selectors';
import { useStatus } from './map-context';

export function AccessNote() {
  const cluster = useStatus(selectCluster);
  const words = accessWords(cluster?.access);
  if (!words) return null;
  return (
    <div
      role={words.tone === 'warn' ? 'alert' : 'note'}
      aria-label="What you can see"
      className={`border-y border-line bg-surface px-4 py-1 text-sm ${words.tone === 'warn' ? 'text-warn' : ''}`}
      data-testid="access-note"
    >
      <p className="font-medium">{words.headline}</p>
      {words.detail && <p className="text-muted">{words.detail}</p>}
    </div>
  );
}
