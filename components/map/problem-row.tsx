'use client';
/**
 * One Service with a problem, as a row of the problems rail and of the narrow-screen problems
 * menu: health glyph and word, `namespace/name`, the one reason that says most, and since when
 * (lib/graph/problems.ts and recorded-breaks.ts say what "since" can vouch for). A button:
 * choosing it focuses the Service and opens its panel.
 */
import type { ProblemEntry } from '@/lib/graph/problems';
import { HEALTH_TEXT, formatClock } from '@/lib/graph/describe';
import { HEALTH_COLOR, HEALTH_GLYPH, cssVar } from '@/components/graph/graph-style';
import { Button } from '@/components/ui/button';
import { Glyph } from '@/components/ui/glyph';
import { useHydrated } from '@/components/ui/use-hydrated';

/** "Since" times come from this tab's clock, which the server render cannot know. */
export function SinceText({ entry }: { entry: ProblemEntry }) {
  const hydrated = useHydrated();
  const { since } = entry;
  if (!hydrated || !since.at) return null;
  const clock = formatClock(since.at);
  const health = HEALTH_TEXT[entry.service.health];
  // The page's first sighting is all anything vouches for here: the problem began before the
  // page opened, and the stored history has not said when (it records breaks only, the break is
  // older than the window asked, or it has not answered).
  if (since.basis === 'first-seen')
    return (
      <time
        dateTime={since.at}
        data-since-basis="first-seen"
        title={`already ${health} when this page first saw it at ${clock}; it may have started earlier`}
      >
        since before {clock}
      </time>
    );
  return (
    <time
      dateTime={since.at}
      data-since-basis={since.basis}
      title={
        since.basis === 'recorded'
          ? `${health} since ${clock}, as the dashboard's history recorded`
          : `${health} since ${clock}`
      }
    >
      since {clock}
    </time>
  );
}

export function ProblemRow({
  entry,
  headline,
  onPick,
}: {
  entry: ProblemEntry;
  /** The summary of the one reason that says most (lib/graph/problems.ts `headlineReason`). */
  headline: string | undefined;
  onPick: () => void;
}) {
  const { service } = entry;
  return (
    <Button
      variant="row"
      className="text-sm"
      onClick={onPick}
      data-service={`${service.namespace}/${service.name}`}
      data-health={service.health}
    >
      <span className="flex items-baseline gap-1">
        <Glyph color={cssVar(HEALTH_COLOR[service.health])}>{HEALTH_GLYPH[service.health]}</Glyph>
        <span className="min-w-0 flex-1 font-medium break-all">
          {service.namespace}/{service.name}
        </span>
        <span className="shrink-0 text-xs text-muted">
          <SinceText entry={entry} />
        </span>
      </span>
      <span className="line-clamp-3 text-muted" title={headline}>
        {HEALTH_TEXT[service.health]}
        {headline ? `: ${headline}` : ''}
      </span>
    </Button>
  );
}
