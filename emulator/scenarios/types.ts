/**
 * What a scenario is to the embedded cluster: something that creates objects through the
 * ClusterStore (so the apiserver's defaults, validation and the controllers apply exactly as they
 * do for kubectl) and may hand back extra background loops (e.g. the demo's readiness flapper).
 */
import type { Controller } from '../core/types';

export interface ScenarioOptions {
  /** Kubernetes minor version the emulator reports; nodes' kubeletVersion follows it. */
  minorVersion?: number;
  /** Seed for the scenario's generated names and choices (large:N, the demo's flapper). */
  seed?: number;
  /** The demo flapper's interval bounds in ms (default 20,000–40,000). */
  flapIntervalMs?: [number, number];
}

export interface ScenarioSummary {
  namespaces: number;
  nodes: number;
  services: number;
  pods: number;
  deployments: number;
}

export interface ScenarioHandle {
  /** The scenario's canonical name, e.g. `large:1000`. */
  name: string;
  /** Extra loops the scenario needs; the caller starts them after loading and stops them. */
  controllers: Controller[];
  /** What the scenario itself created (controllers add ReplicaSets, Pods and endpoints later). */
  summary: ScenarioSummary;
}
