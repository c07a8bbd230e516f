import 'server-only';
/**
 * Server-only writes of the dashboard: permission checks, dry-run preview, create with
 * rollback, in-place endpoint edits with optimistic concurrency, and the audit trail.
 * What they answer is lib/api/write-results.ts.
 */
export * from './access';
export * from './audit';
export * from './client';
export * from './deps';
export * from './delete-service';
export * from './edit-endpoints';
export * from './external-service';
export * from './facts';
export * from './fix-preview';
