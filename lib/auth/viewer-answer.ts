/**
 * The answer to "who is this request from?" (lib/auth/request-viewer.ts): the viewer, or the
 * problem to send instead (401 `unauthenticated`, 403 `untrusted-identity`, 503 when the cluster
 * cannot say). Its own module so the pure per-mode resolvers share it without server imports.
 */
import type { Problem } from '../api/problem';
import type { Viewer } from './viewer';

export type ViewerAnswer = { ok: true; viewer: Viewer } | { ok: false; problem: Problem };
