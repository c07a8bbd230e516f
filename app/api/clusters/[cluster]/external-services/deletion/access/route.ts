/**
 * `/api/clusters/<cluster>/external-services/deletion/access`: the very handler of
 * `/api/external-services/deletion/access`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export {
  GET,
  POST,
  PUT,
  PATCH,
  DELETE,
  OPTIONS,
} from '@/app/api/external-services/deletion/access/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
