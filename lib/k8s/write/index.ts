import 'server-only';
/**
 * Server-only writes of the dashboard (issue 4): permission checks, dry-run preview, create with
 * rollback, in-place endpoint edits with optimistic concurrency, and the CSRF guard.
 */
export * from './access';
export * from './client';
export * from './deps';
export * from './edit-endpoints';
export * from './external-service';
export * from './facts';
export * from './guard';
export * from './resources';
export type * from './types';
