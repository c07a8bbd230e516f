/**
 * `/api/clusters/<cluster>/graph`: the very handler of
 * `/api/graph`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from '@/app/api/graph/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
