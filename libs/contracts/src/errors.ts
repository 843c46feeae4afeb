/**
 * Error codes a service may answer with. The gateway maps each to an HTTP status and answers
 * RFC 9457 problem+json; callers over the bus see the same `{ code, message, details }`.
 */
export const ERROR_STATUS = {
  invalid: 400,
  unauthorized: 401,
  mfa_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    (value as ErrorBody).code in ERROR_STATUS &&
    typeof (value as ErrorBody).message === 'string'
  );
}
