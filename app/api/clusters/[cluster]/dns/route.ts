/**
 * `/api/clusters/<cluster>/dns`: the very handler of
 * `/api/dns`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from '@/app/api/dns/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
