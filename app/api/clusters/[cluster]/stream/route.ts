/**
 * `/api/clusters/<cluster>/stream`: the very handler of
 * `/api/stream`, for the cluster the path names
 * (lib/http/cluster.ts reads the `cluster` parameter).
 */
export { GET } from '@/app/api/stream/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
