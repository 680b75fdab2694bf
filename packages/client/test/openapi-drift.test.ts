/**
 * The SDK's hand-written wire types against the OpenAPI document of a real server. Each route the
 * SDK calls must exist with the same method and success status, and each request and response
 * shape must agree field by field (names, optionality, types; see openapi-check.ts for the rules).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERACTION_STATUSES, listQuery, ROUTES } from '@parley/client';
import type { RouteName } from '@parley/client';
import { compareShape, findPath, SchemaResolver } from './openapi-check.js';
import type { Spec } from './wire-shapes.js';
import {
  aiShape,
  declareAudioShape,
  declareChatShape,
  declaredShape,
  declareResponseShape,
  declareTranscriptShape,
  errorShape,
  interactionPageShape,
  punctuatedShape,
  statusShape,
  transcriptShape,
  webhookSettingsShape,
  webhookUpdateShape,
} from './wire-shapes.js';
import { startServer } from './helpers.js';
import type { RunningParley } from './helpers.js';

type Json = Record<string, unknown>;

let server: RunningParley;
let document: Json;
let resolver: SchemaResolver;

beforeAll(async () => {
  server = await startServer();
  const response = await fetch(`${server.origin}/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as Json;
  resolver = new SchemaResolver(document);
});

afterAll(async () => {
  await server?.close();
});

function operation(route: RouteName): Json {
  const paths = document['paths'] as Json;
  const path = findPath(paths, '/v1', ROUTES[route].path);
  if (path === undefined) throw new Error(`${route}: no path ${ROUTES[route].path} in the OpenAPI document`);
  const op = (paths[path] as Json)[ROUTES[route].method.toLowerCase()] as Json | undefined;
  if (op === undefined) throw new Error(`${route}: ${path} has no ${ROUTES[route].method}`);
  return op;
}

function responseSchema(route: RouteName, status: number | string): unknown {
  const responses = operation(route)['responses'] as Json;
  const answer = resolver.resolve(responses[String(status)]);
  const content = answer['content'] as Json | undefined;
  return (content?.['application/json'] as Json | undefined)?.['schema'];
}

const RESPONSE_SHAPES: [RouteName, Record<string, Spec>][] = [
  ['declare', declareResponseShape],
  ['status', statusShape],
  ['retrieve', declaredShape],
  ['transcript', transcriptShape],
  ['punctuatedTranscript', punctuatedShape],
  ['ai', aiShape],
  ['list', interactionPageShape],
  ['webhookRetrieve', webhookSettingsShape],
  ['webhookUpdate', webhookSettingsShape],
];

describe('OpenAPI drift', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(String(document['openapi'])).toMatch(/^3\.1/);
  });

  it.each(Object.keys(ROUTES) as RouteName[])('%s exists with its method and success status', (route) => {
    const responses = operation(route)['responses'] as Json;
    expect(Object.keys(responses)).toContain(String(ROUTES[route].status));
  });

  it.each(RESPONSE_SHAPES)('%s response matches the SDK type', (route, shape) => {
    const schema = responseSchema(route, ROUTES[route].status);
    expect(schema, `${route} has no JSON response schema`).toBeDefined();
    expect(compareShape(resolver, shape, schema, 'response', route)).toEqual([]);
  });

  it.each([
    ['audio', declareAudioShape],
    ['chat', declareChatShape],
    ['transcript', declareTranscriptShape],
  ] as const)('the %s declare body matches the SDK type', (_type, shape) => {
    const body = resolver.resolve(operation('declare')['requestBody']);
    const schema = ((body['content'] as Json)['application/json'] as Json)['schema'];
    expect(compareShape(resolver, shape, schema, 'request', 'declare')).toEqual([]);
  });

  it('the webhook update body matches the SDK type', () => {
    const body = resolver.resolve(operation('webhookUpdate')['requestBody']);
    const schema = ((body['content'] as Json)['application/json'] as Json)['schema'];
    expect(compareShape(resolver, webhookUpdateShape, schema, 'request', 'webhookUpdate')).toEqual([]);
  });

  it('every list query parameter the SDK sends is one the server documents', () => {
    const documented = ((operation('list')['parameters'] ?? []) as unknown[])
      .map((p) => resolver.resolve(p))
      .filter((p) => p['in'] === 'query')
      .map((p) => String(p['name']));
    const sent = [
      ...new URLSearchParams(
        listQuery({
          status: ['processed', 'processingFailed'],
          type: ['chat'],
          declaredAfter: new Date(0),
          declaredBefore: '2030-01-01T00:00:00Z',
          limit: 10,
          cursor: 'c',
        }),
      ).keys(),
    ];
    expect(sent).toHaveLength(6);
    expect(documented.sort()).toEqual(sent.sort());
  });

  it('upload takes multipart/form-data with a binary file part', () => {
    const op = operation('upload');
    expect(op['requestBody']).toBeDefined();
    const body = resolver.resolve(op['requestBody']);
    const content = body['content'] as Json;
    expect(Object.keys(content)).toContain('multipart/form-data');
    const schema = resolver.resolve((content['multipart/form-data'] as Json)['schema']);
    const file = resolver.resolve((schema['properties'] as Json)['file']);
    expect(file['format']).toBe('binary');
  });

  it('error answers carry the ElevateAI errorMessage body', () => {
    for (const [route, status] of [
      ['status', 404],
      ['declare', 400],
      ['upload', 409],
    ] as const) {
      const schema = responseSchema(route, status);
      expect(schema, `${route} ${status}`).toBeDefined();
      expect(compareShape(resolver, errorShape, schema, 'response', `${route} ${status}`)).toEqual([]);
    }
  });

  it('the SDK knows every status the server may report', () => {
    const schema = resolver.resolve(responseSchema('status', 200));
    const statusProperty = resolver.resolve((schema['properties'] as Json)['status']);
    const serverStatuses = statusProperty['enum'] as string[];
    expect(serverStatuses.length).toBeGreaterThan(0);
    expect([...serverStatuses].sort()).toEqual([...INTERACTION_STATUSES].sort());
  });

  it('catches a renamed field, a loosened type and a missing requirement', () => {
    // The check itself must be able to fail, or the tests above prove nothing.
    const schema = responseSchema('status', 200);
    const { errorMessage: _dropped, ...renamed } = statusShape;
    const drifted = { ...renamed, error_message: statusShape.errorMessage, uploaded: 'string' as const };
    const problems = compareShape(resolver, drifted, schema, 'response', 'status');
    expect(problems.some((p) => p.includes('status.error_message'))).toBe(true);
    expect(problems.some((p) => p.includes('status.uploaded') && p.includes('null'))).toBe(true);

    const body = resolver.resolve(operation('declare')['requestBody']);
    const declareSchema = ((body['content'] as Json)['application/json'] as Json)['schema'];
    const { languageTag: _language, ...withoutLanguage } = declareChatShape;
    const missing = compareShape(resolver, withoutLanguage, declareSchema, 'request', 'declare');
    expect(missing).toContain('declare.languageTag: the server requires it, the SDK never sends it');
  });
});
