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
/** Public pages reached by a signed link (no session): a 401 there means a bad link, not an expired login. */
const PUBLIC_PREFIXES = ['/api/v1/partner-responses/'];

function handlesOwn401(path: string): boolean {
  return OWN_401_PATHS.includes(path) || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
}

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
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body could not be read; use the fallback.
  }
  return errorBodyFrom(response.status, response.statusText, text);
}

/** The API's error JSON, or a stand-in when the body is empty or not JSON (e.g. a proxy error page). */
function errorBodyFrom(status: number, statusText: string, text: string): ApiErrorBody {
  const fallback: ApiErrorBody = {
    statusCode: status,
    code: `http_${status}`,
    message: statusText || `HTTP ${status}`,
  };
  try {
    if (!text) return fallback;
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const body = parsed as Partial<ApiErrorBody>;
      return {
        ...fallback,
        ...body,
        statusCode: typeof body.statusCode === 'number' ? body.statusCode : status,
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
    if (response.status === 401 && !handlesOwn401(path)) {
      sessionExpiredHandler?.(error);
    }
    throw error;
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface UploadProgress {
  loaded: number;
  /** null when the browser cannot tell the size. */
  total: number | null;
}

export interface UploadOptions {
  /** Called as the request body is sent (XMLHttpRequest's upload.onprogress; fetch has no upload progress). */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/**
 * POSTs a multipart form with XMLHttpRequest, so the caller can show how much of the file has been sent.
 * Same origin, so the session cookie goes along; errors become an ApiError as with apiRequest.
 */
export function apiUpload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  const { onProgress, signal } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : null });
    };
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      const text = xhr.responseText;
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((text ? JSON.parse(text) : undefined) as T);
        } catch (cause) {
          reject(new ApiError(xhr.status, { statusCode: xhr.status, code: 'invalid_response', message: String(cause) }));
        }
        return;
      }
      const error = new ApiError(xhr.status, errorBodyFrom(xhr.status, xhr.statusText, text));
      if (xhr.status === 401) sessionExpiredHandler?.(error);
      reject(error);
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, { statusCode: 0, code: 'network_error', message: 'The upload failed' }));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled', 'AbortError'));
    };
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  postWithQuery: <T>(path: string, query: Record<string, QueryValue>, body?: unknown) =>
    apiRequest<T>(path, { method: 'POST', query, body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  delete: <T>(path: string, query?: Record<string, QueryValue>) => apiRequest<T>(path, { method: 'DELETE', query }),
};
