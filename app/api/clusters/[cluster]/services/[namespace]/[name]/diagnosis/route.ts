/**
 * `/api/clusters/<cluster>/services/<namespace>/<name>/diagnosis`: the very handler of
 * `/api/services/<namespace>/<name>/diagnosis`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export {
  GET,
  POST,
  PUT,
  PATCH,
  DELETE,
  OPTIONS,
} from '@/app/api/services/[namespace]/[name]/diagnosis/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
