import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { ERROR_CODES, type RequestErrorCode } from '@parley/contract';
import { sendError } from './error-handler.js';

/**
 * Requests that Node's HTTP parser (or fastify's router) refuses before any route sees them
 * still get the ElevateAI error body, so a client always finds `errorMessage`. Node answers a
 * few cases itself and they cannot be reached from here: see docs/errors.md.
 */

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  414: 'URI Too Long',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};

/** Parser error codes (llhttp) mapped to what the client should fix. */
function explainParserError(error: NodeJS.ErrnoException): { code: RequestErrorCode; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 'headers_too_large',
        message:
          'The request line and headers are larger than this server accepts (16 KiB). Send shorter headers, and ids and query strings of normal length.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return {
        code: 'request_timeout',
        message: 'The request was not received in time. Send the whole request without long pauses.',
      };
    case 'HPE_INVALID_METHOD':
      return {
        code: 'malformed_request',
        message:
          'The request method is not an HTTP method this server knows. The API uses GET, POST, PUT and DELETE.',
      };
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return {
        code: 'malformed_request',
        message:
          'The request has both Content-Length and Transfer-Encoding (or several Content-Length headers). Send exactly one of them.',
      };
    default:
      return {
        code: 'malformed_request',
        message: `The request is not well-formed HTTP/1.1 (${error.code ?? 'parse error'}). Check the request line, header syntax and body framing.`,
      };
  }
}

function rawResponse(code: RequestErrorCode, message: string): string {
  const status = ERROR_CODES[code].status;
  const body = JSON.stringify({
    errorMessage: message,
    code,
    requestId: `req_${randomUUID().replaceAll('-', '')}`,
  });
  return (
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `x-should-retry: ${String(ERROR_CODES[code].retryable)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** fastify's `clientErrorHandler`: the socket's request could not even be parsed. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { code, message } = explainParserError(error);
  if (socket.writable) socket.end(rawResponse(code, message));
  else socket.destroy();
}

/** fastify's `frameworkErrors`: the router refused the URL before any route ran. */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const apiError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError(
          'uri_too_long',
          'A path segment is longer than any id this API issues (interaction ids are 36-character UUIDs). Check the URL.',
        )
      : new ApiError(
          'malformed_request',
          'The URL is not valid (a bad percent-encoding?). Check the request path.',
        );
  void sendError(request, reply, apiError);
}

/**
 * Answers on the raw server what Node would otherwise answer with an empty body or a reset:
 * an `Expect` other than 100-continue, and CONNECT (this is not a proxy).
 */
export function installProtocolAnswers(server: Server): void {
  server.on('checkExpectation', (request: IncomingMessage, response) => {
    const body = JSON.stringify({
      errorMessage: `Expect: ${String(request.headers.expect)} is not supported; only "Expect: 100-continue" is. Remove the header.`,
      code: 'expectation_failed',
      requestId: `req_${randomUUID().replaceAll('-', '')}`,
    });
    response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    response.end(body);
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.end(
      rawResponse(
        'method_not_allowed',
        'CONNECT is not supported: this server is not a proxy. Use GET, POST, PUT or DELETE.',
      ),
    );
  });
}
