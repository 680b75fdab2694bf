/**
 * Every v1 operation the SDK calls: one place for method, path template and success status.
 * The client builds its URLs from this table, and the OpenAPI drift test checks each entry
 * against the document a real server publishes.
 */
export const ROUTES = {
  declare: { method: 'POST', path: '/interactions', status: 201 },
  upload: { method: 'POST', path: '/interactions/{interactionIdentifier}/upload', status: 201 },
  status: { method: 'GET', path: '/interactions/{interactionIdentifier}/status', status: 200 },
  retrieve: { method: 'GET', path: '/interactions/{interactionIdentifier}', status: 200 },
  transcript: { method: 'GET', path: '/interactions/{interactionIdentifier}/transcript', status: 200 },
  punctuatedTranscript: {
    method: 'GET',
    path: '/interactions/{interactionIdentifier}/transcripts/punctuated',
    status: 200,
  },
  ai: { method: 'GET', path: '/interactions/{interactionIdentifier}/ai', status: 200 },
  delete: { method: 'DELETE', path: '/interactions/{interactionIdentifier}', status: 200 },
  // Parley extensions, absent from hosted ElevateAI (which answers them with 404).
  list: { method: 'GET', path: '/interactions', status: 200 },
  webhookRetrieve: { method: 'GET', path: '/webhook', status: 200 },
  webhookUpdate: { method: 'PUT', path: '/webhook', status: 200 },
} as const satisfies Record<string, { method: HttpMethod; path: string; status: number }>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type RouteName = keyof typeof ROUTES;

/** Fills the `{interactionIdentifier}` placeholder, encoded, so an id can never change the path. */
export function routePath(name: RouteName, interactionIdentifier?: string): string {
  const template: string = ROUTES[name].path;
  if (!template.includes('{')) return template;
  if (interactionIdentifier === undefined || interactionIdentifier === '') {
    throw new TypeError(`${name} needs an interaction identifier`);
  }
  return template.replace('{interactionIdentifier}', encodeURIComponent(interactionIdentifier));
}
