/**
 * `/api/clusters/<cluster>/external-services/endpoints/preview`: the very handler of
 * `/api/external-services/endpoints/preview`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export {
  GET,
  POST,
  PUT,
  PATCH,
  DELETE,
  OPTIONS,
} from '@/app/api/external-services/endpoints/preview/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
