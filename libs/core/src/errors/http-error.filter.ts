import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';
import { ErrorCode, FieldError } from './error-code.js';
import { httpStatusOf } from './http-status.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
  requestId?: string;
  [key: string]: unknown;
}

const statusToCode: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.TooManyAttempts,
  503: ErrorCode.ServiceUnavailable,
};

/** Turns any thrown value into the one error body; bad input never becomes a 500 or a stack trace. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message, ...exception.details };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = statusToCode[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
    const response = exception.getResponse();
    const message =
      typeof response === 'string' ? response : typeof (response as { message?: unknown }).message === 'string'
        ? (response as { message: string }).message
        : exception.message;
    return { statusCode: status, code, message: status >= 500 ? 'Internal error' : message };
  }
  // Fastify's own errors (bad JSON, wrong content type, body too large) carry a statusCode < 500.
  const fastifyError = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return {
      statusCode: status,
      code: statusToCode[status] ?? ErrorCode.BadRequest,
      message: typeof fastifyError.message === 'string' ? fastifyError.message.replace(/^FST_\w+:\s*/, '') : 'Bad request',
    };
  }
  return { statusCode: 500, code: ErrorCode.Internal, message: 'Internal error' };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  /** @param spaIndexHtml the web UI's index.html: unknown non-API GET paths are client-side routes. */
  constructor(private readonly spaIndexHtml: string | null = null) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    if (this.spaIndexHtml && exception instanceof NotFoundException && this.isClientRoute(request)) {
      void reply.status(200).header('Content-Type', 'text/html; charset=utf-8').send(this.spaIndexHtml);
      return;
    }
    const body = toErrorBody(exception);
    body.requestId = String(request.id);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    if (body.code === ErrorCode.TooManyAttempts && typeof body.retryAfterSeconds === 'number') {
      void reply.header('Retry-After', String(body.retryAfterSeconds));
    }
    void reply.status(body.statusCode).send(body);
  }

  private isClientRoute(request: FastifyRequest): boolean {
    // The path only: a query string may hold dots (a signed link's `?token=<expiry>.<signature>`).
    const path = request.url.split('?')[0]!;
    return request.method === 'GET' && !path.startsWith('/api') && !path.startsWith('/health') && !/\.[a-z0-9]+$/i.test(path);
  }
}
