import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type RequestErrorCode } from '@parley/contract';
import { ApiError, isApiError } from '../errors/api-error.js';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const MAX_ISSUES = 5;

/**
 * Every error leaves as `{errorMessage, code, requestId}` with the status from the error table.
 * Anything unexpected becomes a 500 whose message reveals nothing internal; it is logged in full.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: apiError.code, errorMessage: apiError.message }, 'request refused');
    }
    return sendError(request, reply, apiError);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const error = new ApiError(
      'route_not_found',
      `There is no ${request.method} ${path}. The API lives under /v1/interactions; the full list is at /docs (OpenAPI at /openapi.json).`,
    );
    request.log.info({ code: error.code }, 'route not found');
    return sendError(request, reply, error);
  });
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  const { retryable } = ERROR_CODES[error.code];
  if (retryable && error.statusCode >= 500) reply.header('retry-after', '5');
  return reply
    .header('x-should-retry', String(retryable))
    .status(error.statusCode)
    .type('application/json; charset=utf-8')
    .send({ errorMessage: error.message, code: error.code, requestId: request.id });
}

function toApiError(error: FastifyError): ApiError {
  if (isApiError(error)) return error;
  if (error.validation) {
    return new ApiError(
      'validation_failed',
      formatValidation(error.validationContext ?? 'body', error.validation),
    );
  }
  const status = error.statusCode;
  if (status === undefined || status >= 500 || status < 400) {
    return new ApiError(
      'internal',
      'Internal server error. The request id identifies the full error in the server log.',
      {
        cause: error,
      },
    );
  }
  const code: RequestErrorCode =
    status === 413
      ? 'payload_too_large'
      : status === 415
        ? 'unsupported_media_type'
        : status === 404
          ? 'route_not_found'
          : status === 405
            ? 'method_not_allowed'
            : 'validation_failed';
  return new ApiError(code, explainFrameworkError(error), { cause: error });
}

function explainFrameworkError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `${error.message}. Send JSON with Content-Type: application/json (declare) or multipart/form-data (upload).`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this server accepts (PARLEY_MAX_JSON_BYTES). Send a smaller document.';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length header does not match the body that was sent.';
    default:
      // Static file serving answers 404/403 with a bare "Not Found"; say where things are.
      return error.statusCode === 404 || error.statusCode === 403
        ? `${error.message}: nothing is served at this path. The API lives under /v1/interactions, the dashboard at /app and the API docs at /docs.`
        : error.message;
  }
}

function formatValidation(context: string, issues: ValidationIssue[]): string {
  const described = issues.slice(0, MAX_ISSUES).map((issue) => describeIssue(issue));
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '';
  const where = context === 'body' ? 'request body' : `request ${context}`;
  return `Invalid ${where}: ${[...new Set(described)].join('; ')}${more}.`;
}

function describeIssue(issue: ValidationIssue): string {
  const path = toFieldPath(issue.instancePath ?? '');
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case 'required': {
      const missing = String(params['missingProperty'] ?? '');
      return `"${path === '' ? missing : `${path}.${missing}`}" is required`;
    }
    case 'const':
    case 'enum': {
      const allowed = params['allowedValues'] ?? params['allowedValue'];
      return `"${path}" must be ${Array.isArray(allowed) ? `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` : JSON.stringify(allowed)}`;
    }
    case 'anyOf':
      return `"${path}" has an unsupported value`;
    default:
      return `"${path === '' ? '(body)' : path}" ${issue.message ?? 'is invalid'}`;
  }
}

/** `/chat/messages/0/content` -> `chat.messages[0].content` */
function toFieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce(
      (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`),
      '',
    );
}
