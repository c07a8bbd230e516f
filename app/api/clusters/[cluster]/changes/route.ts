/**
 * `/api/clusters/<cluster>/changes`: the very handler of `/api/changes`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from '@/app/api/changes/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
