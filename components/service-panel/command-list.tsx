/** A list of shell commands, each with a Copy button named after it. */
import { InlineCode } from '@/components/ui/code-block';
import { CopyButton } from '@/components/ui/copy-button';

export function CommandList({ commands }: { commands: readonly string[] }) {
  return (
    <ul className="space-y-1">
      {commands.map((command) => (
        <li key={command} className="flex items-start gap-2">
          <InlineCode className="min-w-0 flex-1">{command}</InlineCode>
          <CopyButton text={command} label={command} />
        </li>
      ))}
    </ul>
  );
}
