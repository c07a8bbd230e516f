/**
 * Instants of the map's history, as the page reads, writes and shows them: the URL's `?at=`,
 * `?from=`/`?to=` values, the header's labels and the time control's datetime input (UTC).
 *
 * Contract: `normalizeInstant` accepts an ISO 8601 date-time with `Z` or an offset and returns
 * it in UTC as `YYYY-MM-DDTHH:MM:SSZ` (milliseconds kept only when not zero), or null for
 * anything else, so the URL, the API query and the label always carry the same spelling. Labels
 * are UTC: an alert's link and the page agree whatever the viewer's time zone. Pure.
 */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The canonical UTC spelling of a time in milliseconds. */
export function instantOf(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

export function normalizeInstant(text: string | null | undefined): string | null {
  if (!text || text.length > 40 || !ISO_INSTANT.test(text.trim())) return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : instantOf(ms);
}

/** `03:12:05` (UTC). */
export function clockOf(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(11, 19);
}

/** `2026-12-02 03:12:05 UTC`, or the clock alone when it is the same day as `reference`. */
export function instantLabel(iso: string, reference?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const text = new Date(ms).toISOString();
  if (reference && text.slice(0, 10) === new Date(Date.parse(reference)).toISOString().slice(0, 10))
    return `${text.slice(11, 19)} UTC`;
  return `${text.slice(0, 10)} ${text.slice(11, 19)} UTC`;
}

/** The banner's words: `History — 03:12:05 (live is 04:40)`. */
export function historyBannerText(at: string, now: string): string {
  return `History — ${clockOf(at)} (live is ${clockOf(now).slice(0, 5)})`;
}

/** A recorded snapshot's header: `Snapshot — cluster prod-eu at 2026-12-02T03:12:05Z, read-only`. */
export function snapshotBannerText(cluster: string, at: string): string {
  const ms = Date.parse(at);
  return `Snapshot — cluster ${cluster} at ${Number.isNaN(ms) ? at : instantOf(ms)}, read-only`;
}

/** The value of an `<input type="datetime-local" step="1">` showing `iso` in UTC. */
export function toInputValue(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 19);
}

/** The instant a datetime-local value (read as UTC) names, or null when it is incomplete. */
export function fromInputValue(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  return normalizeInstant(`${value.length === 16 ? `${value}:00` : value}Z`);
}
