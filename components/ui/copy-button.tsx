'use client';
/**
 * "Copy" next to a command or a YAML block: writes the text to the clipboard and says "Copied"
 * for a moment. Its accessible name says what is copied ("Copy kubectl get …").
 */
import { useEffect, useState } from 'react';
import { Button } from './button';

const CONFIRM_MS = 1500;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      size="sm"
      className="shrink-0"
      aria-label={`Copy ${label}`}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}
