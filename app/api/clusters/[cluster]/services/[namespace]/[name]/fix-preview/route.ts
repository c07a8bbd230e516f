/**
 * `/api/clusters/<cluster>/services/<namespace>/<name>/fix-preview`: the very handler of
 * `/api/services/<namespace>/<name>/fix-preview`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export {
  GET,
  POST,
  PUT,
  PATCH,
  DELETE,
  OPTIONS,
} from '@/app/api/services/[namespace]/[name]/fix-preview/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
