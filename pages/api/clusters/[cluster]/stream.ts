/**
 * `/api/clusters/<cluster>/stream`: the very handler of `/api/stream` (pages/api/stream.ts), for
 * the cluster the path names (lib/http/cluster.ts reads the `cluster` parameter).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveOnNode } from '@/lib/http/node-answer';
import { GET } from '@/lib/http/stream-answer';

export const config = { api: { bodyParser: false, responseLimit: false } };

export default function clusterStream(
  req: IncomingMessage & { query?: Record<string, string | string[] | undefined> },
  res: ServerResponse,
): Promise<void> {
  const cluster = req.query?.cluster;
  return serveOnNode(req, res, (request) =>
    GET(request, { params: Promise.resolve({ cluster: String(cluster) }) }),
  );
}
