/**
 * The exit status of one `switchboard diagnose` verdict: the one definition the cluster path, the
 * `--dashboard` path (cli/diagnose-dashboard.ts) and the several-clusters aggregation (the
 * highest status of them all) read, so they answer the same for the same diagnosis.
 *
 * Contract: 0 healthy, or warnings only; 1 broken, or warnings under `--strict`; 3 health unknown
 * — whether the Service routes could not be judged (the diagnosis's `not-judged`: its endpoints
 * are not visible to the one asking, or not read yet), which a script must not take for healthy.
 * It shares 3 with "the cluster could not be read" on purpose: in both the answer is "not known",
 * and with several clusters it outranks a broken one as an unreadable cluster does. 2 (usage, no
 * such Service) never comes from a diagnosis.
 */
import type { HealthState } from '../lib/topology/model';

export type VerdictStatus = 0 | 1 | 3;

export function exitStatusOf(health: HealthState, strict: boolean): VerdictStatus {
  switch (health) {
    case 'healthy':
      return 0;
    case 'warning':
      return strict ? 1 : 0;
    case 'broken':
      return 1;
    case 'unknown':
      return 3;
  }
}
