/**
 * Tables for NetworkPolicies and PodDisruptionBudgets: upstream's printNetworkPolicy (the pod
 * selector, `<none>` when it selects every pod) and printPodDisruptionBudget (`N/A` for the
 * budget field that is not set) (pkg/printers/internalversion/printers.go).
 */
import { translateTimestampSince } from './duration';
import {
  ageCol,
  col,
  formatLabelSelectorOrNone,
  nameCol,
  type LabelSelector,
  type Printer,
  type ResourcePrinter,
} from './common';

const printNetworkPolicy: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    formatLabelSelectorOrNone(
      (obj.spec as { podSelector?: LabelSelector } | undefined)?.podSelector ?? {},
    ),
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

interface BudgetView {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number };
}

const printPodDisruptionBudget: Printer = (obj, now) => {
  const pdb = obj as unknown as BudgetView;
  const value = (v: number | string | undefined) => (v === undefined ? 'N/A' : String(v));
  return {
    cells: [
      obj.metadata.name ?? '',
      value(pdb.spec?.minAvailable),
      value(pdb.spec?.maxUnavailable),
      pdb.status?.disruptionsAllowed ?? 0,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ],
  };
};

export const POLICY_PRINTERS = {
  networkpolicies: {
    columns: [
      nameCol(),
      col(
        'Pod-Selector',
        'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
      ),
      ageCol(),
    ],
    print: printNetworkPolicy,
  },
  poddisruptionbudgets: {
    columns: [
      nameCol(),
      col('Min Available', 'The minimum number of pods that must be available.'),
      col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
      col(
        'Allowed Disruptions',
        'Calculated number of pods that may be disrupted at this time.',
        0,
        'integer',
      ),
      ageCol(),
    ],
    print: printPodDisruptionBudget,
  },
} satisfies Record<string, ResourcePrinter>;
