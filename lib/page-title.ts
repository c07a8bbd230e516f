/**
 * The words of every page's `<title>`: what the page shows, then where, then the product —
 * `shop/cart · Map · clu-a — Switchboard` — so a tab, a bookmark and a screen reader's window
 * list tell pages apart (WCAG 2.4.2). The server pages set them as Next metadata (app/), and the
 * map, whose open Service changes without a navigation (History API), sets `document.title` from
 * the same function (components/map/connect-map.ts).
 *
 * Contract: pure and isomorphic; names from the cluster or the URL are used as given (the
 * browser shows a title as plain text), the search words quoted and cut at SEARCH_TITLE_MAX
 * code points; the most specific part comes first, `Switchboard` always last.
 */
import type { ServiceName } from './api/history';
import { clip } from './cluster-text';

export const PRODUCT = 'Switchboard';
/** Code points of a search shown in a title before "…". */
export const SEARCH_TITLE_MAX = 40;

/** `a · b — Switchboard`; empty parts are left out. */
export function pageTitle(...parts: (string | null | undefined)[]): string {
  const shown = parts.filter((p): p is string => Boolean(p));
  return shown.length ? `${shown.join(' · ')} — ${PRODUCT}` : PRODUCT;
}

/** One cluster's map, with the Service open in it (`<namespace>/<name>`) first when there is one. */
export function mapTitle(cluster: string | null, focus: string | null): string {
  return pageTitle(focus, 'Map', cluster);
}

export function overviewTitle(): string {
  return pageTitle('Clusters');
}

/** `Search “cart” — Switchboard`; no words yet: `Search all clusters — Switchboard`. */
export function searchTitle(query: string): string {
  const q = query.trim();
  if (!q) return pageTitle('Search all clusters');
  const cut = clip(q, SEARCH_TITLE_MAX);
  return pageTitle(`Search “${cut.text}${cut.clipped ? '…' : ''}”`);
}

/** The compare page's heading (its h1) and, with the product, its title. */
export function compareHeading(service?: ServiceName): string {
  return service ? `Compare ${service.namespace}/${service.name}` : 'Compare';
}

export function compareTitle(service?: ServiceName): string {
  return pageTitle(compareHeading(service));
}

export type FormPageKind = 'new' | 'edit';

/** The external-Service form pages' h1: what the page is for. */
export function formPageHeading(kind: FormPageKind): string {
  return kind === 'new' ? 'New external Service' : 'Edit endpoints';
}

/**
 * `New external Service — Switchboard`, `Edit endpoints of shop/web · clu-a — Switchboard`:
 * `cluster` only on a page for a named cluster (the default cluster's paths name none).
 */
export function formPageTitle(
  kind: FormPageKind,
  cluster: string | null,
  service?: ServiceName,
): string {
  const what =
    kind === 'edit' && service
      ? `${formPageHeading(kind)} of ${service.namespace}/${service.name}`
      : formPageHeading(kind);
  return pageTitle(what, cluster);
}

/** The Service a page's `?namespace=&name=` names, when it names one. */
export function serviceOfSearch(
  search: Record<string, string | string[] | undefined>,
): ServiceName | undefined {
  const { namespace, name } = search;
  return typeof namespace === 'string' && typeof name === 'string' && namespace && name
    ? { namespace, name }
    : undefined;
}

export function signInTitle(): string {
  return pageTitle('Sign in');
}
