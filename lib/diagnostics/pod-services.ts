/**
 * Which Services a pod serves, for placing the pod's Events on their trails — including the
 * Services it served until recently.
 *
 * Why "recently": a pod's Events and its endpoints come down different watches, so a process
 * sees them in no fixed order. A pod shutting down raises `Killing` as its endpoint turns
 * terminating and then goes; whether that Event arrives before or after the EndpointSlice update
 * that removed the pod differs between processes and runs. Placing by current membership alone
 * would put it on the trail in one replica and drop it in another, and replicas sharing one
 * database must derive the same entries from the same objects. So a membership that ends is
 * remembered for `graceMs` after it ends.
 *
 * Contract: keys are `namespace/pod`; `servicesOf(pod, now)` is every Service whose endpoints
 * include the pod now or did at some time in (now − graceMs, now]. Memory is the current
 * memberships plus those ended within the grace, expired oldest first as time passes; a lookup
 * costs the pod's own memberships, not the churn of the window.
 */

/** How long an ended membership still places the pod's Events. */
export const POD_EVENT_GRACE_MS = 10 * 60 * 1000;

export class PodServices {
  private readonly current = new Map<string, Set<string>>();
  /** pod → service → when its membership ended. */
  private readonly ended = new Map<string, Map<string, number>>();
  /** Ended memberships in the order they ended, from `head` on: what expires next. */
  private endings: { pod: string; service: string; at: number }[] = [];
  private head = 0;

  constructor(private readonly graceMs = POD_EVENT_GRACE_MS) {}

  add(pod: string, service: string): void {
    let services = this.current.get(pod);
    if (!services) this.current.set(pod, (services = new Set()));
    services.add(service);
    this.forgetEnded(pod, service);
  }

  remove(pod: string, service: string, now: number): void {
    const services = this.current.get(pod);
    if (!services?.delete(service)) return;
    if (services.size === 0) this.current.delete(pod);
    this.expire(now);
    let ended = this.ended.get(pod);
    if (!ended) this.ended.set(pod, (ended = new Map()));
    ended.set(service, now);
    this.endings.push({ pod, service, at: now });
  }

  servicesOf(pod: string, now: number): Set<string> {
    this.expire(now);
    const out = new Set(this.current.get(pod));
    for (const service of this.ended.get(pod)?.keys() ?? []) out.add(service);
    return out;
  }

  private forgetEnded(pod: string, service: string): void {
    const ended = this.ended.get(pod);
    if (ended?.delete(service) && ended.size === 0) this.ended.delete(pod);
  }

  private expire(now: number): void {
    while (this.head < this.endings.length) {
      const ending = this.endings[this.head]!;
      if (now - ending.at < this.graceMs) break;
      this.head += 1;
      // A membership that ended again later is still in the queue at its newer time.
      if (this.ended.get(ending.pod)?.get(ending.service) === ending.at)
        this.forgetEnded(ending.pod, ending.service);
    }
    if (this.head > 1024 && this.head * 2 > this.endings.length) {
      this.endings = this.endings.slice(this.head);
      this.head = 0;
    }
  }
}
