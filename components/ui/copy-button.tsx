'use client';
/**
 * "Copy" next to a command or a YAML block: puts the text on the clipboard (lib/clipboard.ts,
 * which also works where the Clipboard API is missing, as over plain http) and says "Copied" for
 * a moment, or that it could not and the text must be selected by hand. Its accessible name says
 * what is copied ("Copy kubectl get …"); the outcome is also spoken, through a status beside it.
 */
import { useEffect, useState } from 'react';
import { copyText } from '@/lib/clipboard';
import { Button } from './button';

const CONFIRM_MS = 1500;
const SAID = { copied: 'Copied', failed: 'Could not copy: select the text and copy it' };

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<keyof typeof SAID | null>(null);
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), outcome === 'copied' ? CONFIRM_MS : 4000);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <>
      <Button
        size="sm"
        className="shrink-0"
        aria-label={`Copy ${label}`}
        onClick={() => {
          void copyText(text).then((copied) => setOutcome(copied ? 'copied' : 'failed'));
        }}
      >
        {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed' : 'Copy'}
      </Button>
      <span role="status" className="sr-only">
        {outcome ? SAID[outcome] : ''}
      </span>
    </>
  );
}
