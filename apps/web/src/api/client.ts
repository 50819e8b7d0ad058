/** Small fetch wrapper for the Forebyg API (same origin, session cookie, JSON). */

export interface ApiFieldError {
  field: string;
  reason: string;
}

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: ApiFieldError[];
  retryAfterSeconds?: number;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.body = body;
  }

  get fieldErrors(): ApiFieldError[] {
    return Array.isArray(this.body.errors) ? this.body.errors : [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Called when an authenticated call returns 401 (session expired or revoked). */
type SessionExpiredHandler = (error: ApiError) => void;
let sessionExpiredHandler: SessionExpiredHandler | null = null;

export function setSessionExpiredHandler(handler: SessionExpiredHandler | null): void {
  sessionExpiredHandler = handler;
}

/** Paths whose 401 answers are handled by the caller instead of the global handler. */
const OWN_401_PATHS = ['/api/v1/auth/login', '/api/v1/auth/me', '/api/v1/auth/logout'];

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readErrorBody(response: Response): Promise<ApiErrorBody> {
  const fallback: ApiErrorBody = {
    statusCode: response.status,
    code: `http_${response.status}`,
    message: response.statusText || `HTTP ${response.status}`,
  };
  try {
    const text = await response.text();
    if (!text) return fallback;
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const body = parsed as Partial<ApiErrorBody>;
      return {
        ...fallback,
        ...body,
        statusCode: typeof body.statusCode === 'number' ? body.statusCode : response.status,
        code: typeof body.code === 'string' ? body.code : fallback.code,
        message: typeof body.message === 'string' ? body.message : fallback.message,
      } as ApiErrorBody;
    }
  } catch {
    // Not JSON (e.g. a proxy error page); use the fallback.
  }
  return fallback;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { statusCode: 0, code: 'network_error', message: String(cause) });
  }

  if (!response.ok) {
    const error = new ApiError(response.status, await readErrorBody(response));
    if (response.status === 401 && !OWN_401_PATHS.includes(path)) {
      sessionExpiredHandler?.(error);
    }
    throw error;
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string, query?: Record<string, QueryValue>) => apiRequest<T>(path, { method: 'DELETE', query }),
};
