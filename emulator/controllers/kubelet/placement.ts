/**
 * Which live pods sit on which Node, and which still wait for one: the scheduler's view of Node
 * load (pods per Node against `allocatable.pods`), and what to resync when a Node changes
 * (every unscheduled pod; the pods on a Node whose readiness changed). Terminal and deleted pods
 * count nowhere.
 */
import type { KubeObject } from '../../core/types';
import { objectKey } from '../controller-loop';
import { type PodLike, isPodTerminal } from '../util';

export class PodPlacement {
  private readonly podsOnNode = new Map<string, Set<string>>();
  private readonly nodeOfPod = new Map<string, string>();
  private readonly waiting = new Set<string>();

  /** Records where `pod` is now; `deleted` removes it. */
  track(pod: KubeObject, deleted: boolean): void {
    const key = objectKey(pod);
    const node = (pod as PodLike).spec?.nodeName ?? '';
    const gone = deleted || isPodTerminal(pod);
    const old = this.nodeOfPod.get(key);
    if (old !== undefined && (old !== node || gone)) {
      this.podsOnNode.get(old)?.delete(key);
      this.nodeOfPod.delete(key);
    }
    if (gone) {
      this.waiting.delete(key);
      return;
    }
    if (!node) {
      this.waiting.add(key);
      return;
    }
    this.waiting.delete(key);
    let set = this.podsOnNode.get(node);
    if (!set) this.podsOnNode.set(node, (set = new Set()));
    set.add(key);
    this.nodeOfPod.set(key, node);
  }

  /** Keys of the live pods bound to `node`. */
  podsOn(node: string): ReadonlySet<string> {
    return this.podsOnNode.get(node) ?? new Set();
  }

  load(node: string): number {
    return this.podsOnNode.get(node)?.size ?? 0;
  }

  /** Keys of the live pods without a Node. */
  unscheduled(): ReadonlySet<string> {
    return this.waiting;
  }
}
