/**
 * `GET /api/stream` (lib/http/stream-answer.ts), served as a Pages Router API route so that its
 * gzip answer carries its own `Content-Encoding` (lib/http/node-answer.ts says why an App Router
 * route cannot).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveOnNode } from '@/lib/http/node-answer';
import { GET } from '@/lib/http/stream-answer';

// The stream is long-lived and written as it comes: no body parsing, no response size warning.
export const config = { api: { bodyParser: false, responseLimit: false } };

export default function stream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveOnNode(req, res, (request) => GET(request));
}
