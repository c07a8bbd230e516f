/**
 * ListOptions as the apiserver validates them for list and watch (ValidateListOptions of
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/internalversion/validation): resourceVersionMatch
 * only with a resourceVersion and never with continue, `Exact` never for RV 0, sendInitialEvents
 * only on watches, with resourceVersionMatch=NotOlderThan and allowWatchBookmarks. Also the wait
 * for a resourceVersion the store has not reached yet (504 `Too large resource version` after
 * the configured wait), which list and watch share.
 */
import { fieldForbidden, fieldNotSupported, tooLargeResourceVersion } from '../../core/errors';
import type { FieldCause } from '../../core/types';
import type { RestContext } from './context';
import { optionsInvalid, parseBool } from './query';

export function validateListOptions(url: URL, watch: boolean): void {
  const q = url.searchParams;
  const rv = q.get('resourceVersion') ?? '';
  const match = q.get('resourceVersionMatch') ?? '';
  const cont = q.get('continue') ?? '';
  const sendInitialEvents = parseBool(q.get('sendInitialEvents'));
  const causes: FieldCause[] = [];
  if (match) {
    if (!watch && !rv) {
      causes.push(
        fieldForbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    }
    if (cont) {
      causes.push(
        fieldForbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden when continue is provided',
        ),
      );
    }
    if (match !== 'NotOlderThan' && match !== 'Exact') {
      causes.push(fieldNotSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan']));
    } else if (match === 'Exact' && rv === '0') {
      causes.push(
        fieldForbidden(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
    }
  }
  if (sendInitialEvents !== undefined) {
    if (!watch) {
      causes.push(fieldForbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
    } else {
      if (match !== 'NotOlderThan') {
        causes.push(
          fieldForbidden(
            'resourceVersionMatch',
            'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
          ),
        );
      }
      if (parseBool(q.get('allowWatchBookmarks')) !== true) {
        causes.push(
          fieldForbidden(
            'allowWatchBookmarks',
            'allowWatchBookmarks required when sendInitialEvents is provided',
          ),
        );
      }
    }
  } else if (watch && match) {
    causes.push(
      fieldForbidden(
        'resourceVersionMatch',
        'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
      ),
    );
  }
  if (causes.length) throw optionsInvalid('ListOptions', causes);
}

/** Waits until the store reaches `rv`, or answers 504 as the watch cache does. */
export async function waitForFutureRV(ctx: RestContext, rv: number): Promise<void> {
  const { store } = ctx;
  if (rv <= Number(store.currentResourceVersion())) return;
  const ok = await store.waitForResourceVersion(rv, ctx.futureResourceVersionWaitMs);
  if (!ok) throw tooLargeResourceVersion(rv, Number(store.currentResourceVersion()));
}
