/**
 * The body of a create-only review or request (access reviews, TokenRequest, TokenReview) as
 * their registries decode it: JSON or, as client-go's typed clients send it, protobuf; at most
 * 1 MiB (413); anything that does not decode to an object of the addressed kind is a 400.
 */
import { isProtobuf } from '../api/protobuf';
import { ApiError } from '../core/errors';
import { readBody } from './rest/decode';

const MAX_REVIEW_BODY = 1024 * 1024;

function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message, {});
}

export async function decodeReviewBody(
  request: Request,
  kind: string,
  fromProtobuf: (bytes: Uint8Array) => Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const bytes = await readBody(request);
  if (bytes.length > MAX_REVIEW_BODY) {
    throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large', {});
  }
  let body: unknown;
  try {
    body = isProtobuf(request.headers.get('content-type'))
      ? fromProtobuf(bytes)
      : JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('the body of the request must be a JSON object');
  }
  const review = body as Record<string, unknown>;
  if (review.kind !== undefined && review.kind !== kind) {
    throw badRequest(
      `${kind} in version "v1" cannot be handled as a ${kind}: the object kind "${String(review.kind)}" is not ${kind}`,
    );
  }
  return review;
}
