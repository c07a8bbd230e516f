/**
 * Every `/api/…` path no other route serves: 404 as a problem (lib/http/api-methods.ts
 * `unknownPath`), not Next's HTML page. Next matches this catch-all last, after every more
 * specific route.
 */
import { unknownPath } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
