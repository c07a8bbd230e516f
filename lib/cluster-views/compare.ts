/**
 * The compare view's table (components/clusters/compare-view.tsx): one row per compared field,
 * one cell per cluster, each as text, and whether the row differs across clusters.
 *
 * Contract: pure. A row differs when the server says so (`CompareAnswer.differs`, one decision:
 * the server's); the cells are what the page prints — a cluster that could not be asked shows
 * why in every row (answer-words.ts: unreachable since when, not read yet, …), one whose
 * Services in the namespace the viewer may not see says so, a cluster without the Service shows
 * "not found"; the heading (`compareHeading`) is one decision too, never "the same" for a
 * Service no cluster has, nor "the same in every cluster" when some cluster did not answer
 * (`answered`, lib/api/clusters.ts), and it names a cluster that could not be asked apart from
 * one that answered but whose namespace the viewer may not see. Ports and selectors are written in a fixed order so equal
 * values read the same.
 */
import {
  answered,
  type ComparedField,
  type ComparedPort,
  type ComparedService,
  type CompareAnswer,
} from '../api/clusters';
import { ENDPOINTS_NOT_JUDGED_TEXT } from '../graph/describe';
import { unansweredText } from './answer-words';

export interface CompareRow {
  field: ComparedField;
  label: string;
  differs: boolean;
  /** In the order of `answer.clusters`. */
  cells: string[];
}

const LABELS: Record<ComparedField, string> = {
  found: 'Exists',
  type: 'Type',
  ports: 'Ports',
  selector: 'Selector',
  endpoints: 'Endpoints ready',
  diagnosis: 'Diagnosis',
};

const FIELDS: ComparedField[] = ['found', 'type', 'ports', 'selector', 'endpoints', 'diagnosis'];

export function portText(port: ComparedPort): string {
  const target = port.targetPort === undefined ? '' : ` → ${port.targetPort}`;
  return `${port.name ? `${port.name} ` : ''}${port.port}/${port.protocol}${target}`;
}

export function selectorText(selector: Record<string, string> | null | undefined): string {
  if (!selector) return 'none';
  const pairs = Object.keys(selector)
    .sort()
    .map((key) => `${key}=${selector[key]}`);
  return pairs.length ? pairs.join(', ') : 'none';
}

function cell(service: ComparedService, field: ComparedField, namespace: string): string {
  if (service.error)
    return `could not ask: ${unansweredText({ ...service, error: service.error })}`;
  if (service.hidden) return `you may not see Services in ${namespace} here`;
  if (field === 'found') return service.found ? 'yes' : 'no';
  if (!service.found) return 'not found';
  switch (field) {
    case 'type':
      return service.type ?? '—';
    case 'ports':
      return service.ports?.length
        ? [...service.ports]
            .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))
            .map(portText)
            .join(', ')
        : 'none';
    case 'selector':
      return selectorText(service.selector);
    case 'endpoints':
      if (!service.endpoints) return '—';
      return service.endpoints.notJudged
        ? ENDPOINTS_NOT_JUDGED_TEXT[service.endpoints.notJudged]
        : `${service.endpoints.ready} of ${service.endpoints.total}`;
    case 'diagnosis':
      return service.diagnosis ?? '—';
  }
}

export function compareRows(answer: CompareAnswer): CompareRow[] {
  const differs = new Set(answer.differs);
  return FIELDS.map((field) => ({
    field,
    label: LABELS[field],
    differs: differs.has(field),
    cells: answer.clusters.map((service) => cell(service, field, answer.namespace)),
  }));
}

/**
 * The sentence above the table: what differs, that the Service is found in no cluster that
 * could be asked, that no cluster could be asked, or that it is the same everywhere.
 */
export function compareHeading(answer: CompareAnswer): string {
  const asked = answer.clusters.filter(answered);
  const service = `${answer.namespace}/${answer.name}`;
  const all = asked.length === answer.clusters.length;
  // A hidden column's cluster answered: the viewer may not see the namespace there, which is
  // not the same as a cluster that could not be asked, and the heading says which is which.
  const unasked = answer.clusters.filter((c) => c.error).map((c) => c.cluster);
  const hidden = answer.clusters.filter((c) => !c.error && c.hidden).map((c) => c.cluster);
  const notes = [
    ...(unasked.length ? [`not compared: ${unasked.join(', ')}`] : []),
    ...(hidden.length
      ? [`you may not see Services in ${answer.namespace} in ${hidden.join(', ')}`]
      : []),
  ].join('; ');
  const among = hidden.length ? ' compared' : ' that could be asked';
  if (asked.length === 0) {
    return hidden.length
      ? `${service} is compared in no cluster; ${notes}.`
      : `No cluster could be asked about ${service}.`;
  }
  if (!asked.some((c) => c.found)) {
    return all
      ? `${service} is found in no cluster.`
      : `${service} is found in no cluster${among}${hidden.length ? `; ${notes}` : ''}.`;
  }
  const differences = differenceSummary(compareRows(answer));
  if (differences) return differences;
  if (all) return 'The same in every cluster.';
  return `The same in every cluster${among}; ${notes}.`;
}

/** "Endpoints ready, Diagnosis differ" — the summary above the table; null when all agree. */
export function differenceSummary(rows: readonly CompareRow[]): string | null {
  const labels = rows.filter((r) => r.differs).map((r) => r.label);
  if (!labels.length) return null;
  return `${labels.join(', ')} ${labels.length === 1 ? 'differs' : 'differ'} across clusters.`;
}
