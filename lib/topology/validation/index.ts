/**
 * Validation of writes the dashboard makes, shared by the browser form and the server.
 * Contract: isomorphic and pure; see external-service.ts for the rules and their guarantees.
 */
export * from './addresses';
export * from './internal-addresses';
export * from './names';
export * from './input';
export * from './external-service';
export * from './manifests';
export * from './ip-families';
export * from './manifest-checks';
export * as apiserverMessages from './apiserver-messages';
export * from './deletion';
