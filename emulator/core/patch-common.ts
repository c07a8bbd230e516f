/**
 * What the three patch formats share: the JSON value they work on, a private deep copy, and the
 * failure they all report when a well-formed patch cannot be applied (422 Invalid with the
 * patch library's message, as the apiserver's patcher returns it).
 */
import { ApiError } from './errors';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function clone<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

export function unprocessable(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}
