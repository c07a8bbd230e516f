/**
 * The `demo` scenario: the seed's objects plus a small, lively cluster for a first look
 * (demo-manifests/*.yaml, applied in name order), and two loops that keep it moving the way real
 * clusters do:
 *   - a rollout starter that, once `shop/cart` is fully ready, rolls it to a release candidate
 *     whose pods never pass readiness, so the Deployment stays mid-rollout (stuck once its
 *     progressDeadlineSeconds pass: demo-manifests/03-shop.yaml);
 *   - a readiness flapper that toggles one `payments/payments-api` pod in and out of readiness
 *     every 20–40 s through the simulated kubelet's annotation.
 * Both write through the store like any client, so the controllers and watches see ordinary
 * updates.
 */
import { fileURLToPath } from 'node:url';
import type { ClusterStore, Controller, KubeObject } from '../core/types';
import { apiErrorReason, seededRandom } from './helpers';
import { applyManifestDirectory } from './seed';
import type { ScenarioSummary } from './types';

export const DEMO_MANIFESTS = fileURLToPath(new URL('./demo-manifests', import.meta.url));

/** The simulated kubelet's per-pod override (emulator/controllers, README "failing readiness"). */
export const SIMULATE_ANNOTATION = 'switchboard.dev/simulate';
export const NOT_READY = 'ready=false';

export const CART = { namespace: 'shop', name: 'cart' };
export const CART_OLD_IMAGE = 'ghcr.io/acme-shop/cart:1.9.0';
export const CART_NEW_IMAGE = 'ghcr.io/acme-shop/cart:1.10.0-rc.1';
export const FLAPPING = { namespace: 'payments', app: 'payments-api' };

export function loadDemoObjects(store: ClusterStore): Promise<ScenarioSummary> {
  return applyManifestDirectory(store, DEMO_MANIFESTS);
}

interface DeploymentShape {
  spec?: {
    replicas?: number;
    template?: {
      metadata?: { annotations?: Record<string, string> };
      spec?: { containers?: { image?: string }[] };
    };
  };
  status?: { readyReplicas?: number; updatedReplicas?: number; observedGeneration?: number };
}

/** Starts cart's stuck rollout once its first version is fully ready (never with no kubelet). */
export function createRolloutStarter(store: ClusterStore): Controller {
  let unsubscribe: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let done = false;

  const readyForRollout = (deployment: KubeObject | undefined): boolean => {
    if (!deployment) return false;
    const d = deployment as unknown as DeploymentShape;
    const replicas = d.spec?.replicas ?? 1;
    return (
      d.spec?.template?.spec?.containers?.[0]?.image === CART_OLD_IMAGE &&
      (d.status?.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1) &&
      d.status?.readyReplicas === replicas &&
      d.status?.updatedReplicas === replicas
    );
  };

  const roll = () => {
    timer = undefined;
    if (done) return;
    const current = store.get('deployments', CART.namespace, CART.name);
    if (!readyForRollout(current) || !current) return;
    const next = structuredClone(current) as KubeObject & DeploymentShape;
    const template = next.spec?.template;
    const container = template?.spec?.containers?.[0];
    if (!template || !container) return;
    container.image = CART_NEW_IMAGE;
    template.metadata = {
      ...template.metadata,
      annotations: { ...template.metadata?.annotations, [SIMULATE_ANNOTATION]: NOT_READY },
    };
    next.metadata.annotations = {
      ...next.metadata.annotations,
      'kubernetes.io/change-cause': `kubectl set image deployment/cart cart=${CART_NEW_IMAGE}`,
    };
    try {
      store.update('deployments', next);
      done = true;
      unsubscribe?.();
      unsubscribe = undefined;
    } catch (error) {
      // A controller wrote the Deployment's status in between: try again on its next event.
      if (apiErrorReason(error) !== 'Conflict') throw error;
    }
  };

  const schedule = () => {
    // Never write from inside a store callback: the store is mid-notification.
    if (!done && timer === undefined) timer = setTimeout(roll, 0);
  };

  return {
    name: 'demo-rollout-starter',
    start() {
      if (done || unsubscribe) return;
      unsubscribe = store.subscribe((event) => {
        if (
          event.resource === 'deployments' &&
          event.object.metadata.namespace === CART.namespace &&
          event.object.metadata.name === CART.name &&
          readyForRollout(event.object)
        ) {
          schedule();
        }
      });
      if (readyForRollout(store.get('deployments', CART.namespace, CART.name))) schedule();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    async idle() {
      while (timer !== undefined) await new Promise((r) => setTimeout(r, 5));
    },
  };
}

/** Toggles one payments-api pod's readiness now and then, as a flaky health check would. */
export function createReadinessFlapper(
  store: ClusterStore,
  options: { intervalMs?: [number, number]; seed?: number } = {},
): Controller {
  const [min, max] = options.intervalMs ?? [20_000, 40_000];
  const random = seededRandom(options.seed ?? 7);
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const flap = () => {
    timer = undefined;
    if (!running) return;
    const pod = store
      .list('pods', FLAPPING.namespace)
      .find((p) => p.metadata.labels?.app === FLAPPING.app && !p.metadata.deletionTimestamp);
    if (pod) {
      const next = structuredClone(pod);
      const annotations = { ...next.metadata.annotations };
      if (annotations[SIMULATE_ANNOTATION] === NOT_READY) delete annotations[SIMULATE_ANNOTATION];
      else annotations[SIMULATE_ANNOTATION] = NOT_READY;
      next.metadata.annotations = annotations;
      try {
        store.update('pods', next);
      } catch (error) {
        // Raced with the kubelet or a deletion; the next tick picks whatever pod is there.
        const reason = apiErrorReason(error);
        if (reason !== 'Conflict' && reason !== 'NotFound') throw error;
      }
    }
    schedule();
  };

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(flap, Math.round(min + random() * Math.max(0, max - min)));
    timer.unref();
  };

  return {
    name: 'demo-readiness-flapper',
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    async idle() {
      // Timer-driven only: nothing is ever queued between ticks.
    },
  };
}
