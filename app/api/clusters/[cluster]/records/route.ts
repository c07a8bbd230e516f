/**
 * `/api/clusters/<cluster>/records`: the very handler of `/api/records`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from '@/app/api/records/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
