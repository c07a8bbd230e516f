/**
 * `/api/clusters/<cluster>/external-services/preview`: the very handler of
 * `/api/external-services/preview`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from '@/app/api/external-services/preview/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
