/**
 * Brings a request document into the shape its schema names, before validation: property names
 * are matched case-insensitively and through `x-aliases`, unknown properties are dropped, and an
 * explicit null on an optional property counts as absent. The route schemas stay the only source
 * of truth for names; this walks them.
 *
 * .NET clients bind case-insensitively and send nulls for everything unset; the Python SDK sends
 * lower-cased names; older SDKs send `downloadUrl` and `participant_id`.
 */

interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  additionalProperties?: boolean | JsonSchemaNode;
  'x-aliases'?: string[];
}

export function canonicalize(schema: unknown, value: unknown): unknown {
  const node = schema as JsonSchemaNode | undefined;
  if (node === undefined || value === null || typeof value !== 'object') return value;

  if (Array.isArray(value)) {
    const items = node.items ?? objectBranch(node)?.items;
    return items === undefined ? value : value.map((item) => canonicalize(items, item));
  }

  const objectNode = objectBranch(node);
  const properties = objectNode?.properties;
  if (objectNode === undefined || properties === undefined || Object.keys(properties).length === 0)
    return value;

  const lookup = new Map<string, string>();
  for (const [name, child] of Object.entries(properties)) {
    lookup.set(name.toLowerCase(), name);
    for (const alias of child['x-aliases'] ?? []) {
      if (!lookup.has(alias.toLowerCase())) lookup.set(alias.toLowerCase(), name);
    }
  }
  const required = new Set(objectNode.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const name = Object.hasOwn(properties, key) ? key : lookup.get(key.toLowerCase());
    if (name === undefined) continue;
    if (child === null && !required.has(name)) continue;
    // The exact schema name wins over a case variant or alias of it.
    if (Object.hasOwn(out, name) && name !== key) continue;
    out[name] = canonicalize(properties[name], child);
  }
  return out;
}

/** The object-shaped schema among `node` and its `anyOf` branches (nullable unions). */
function objectBranch(node: JsonSchemaNode): JsonSchemaNode | undefined {
  if (node.properties !== undefined || node.items !== undefined) return node;
  return node.anyOf?.find((branch) => branch.properties !== undefined || branch.items !== undefined);
}
