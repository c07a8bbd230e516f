/**
 * `/api/clusters/<cluster>/snapshot`: the very handler of `/api/snapshot`, for the cluster the path
 * names (lib/http/cluster.ts reads the `cluster` parameter).
 */
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from '@/app/api/snapshot/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
