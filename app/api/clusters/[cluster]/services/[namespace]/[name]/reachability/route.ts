/**
 * `/api/clusters/<cluster>/services/<namespace>/<name>/reachability`: the very handler of
 * `/api/services/<namespace>/<name>/reachability`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export {
  GET,
  POST,
  PUT,
  PATCH,
  DELETE,
  OPTIONS,
} from '@/app/api/services/[namespace]/[name]/reachability/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
