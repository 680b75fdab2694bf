/**
 * Compares the SDK's wire shapes (wire-shapes.ts) with JSON Schemas from an OpenAPI 3.1 document.
 * Returns a list of human-readable problems; empty means the two agree.
 *
 * Direction matters. For a response the SDK must accept everything the server may send: each field
 * the SDK treats as always present must be required by the schema, and every type the schema
 * allows (null included) must be one the SDK expects. For a request the server must accept
 * everything the SDK may send: every SDK field must be a schema property (or one of its
 * `x-aliases`), every field the schema requires must be required in the SDK, and every type the
 * SDK may send must be one the schema allows.
 */
import type { Spec } from './wire-shapes.js';

type JsonSchema = Record<string, unknown>;
export type Direction = 'request' | 'response';

export class SchemaResolver {
  constructor(private readonly document: JsonSchema) {}

  resolve(schema: unknown): JsonSchema {
    let current = schema as JsonSchema;
    for (let hops = 0; typeof current['$ref'] === 'string'; hops++) {
      if (hops > 20) throw new Error(`$ref cycle at ${String(current['$ref'])}`);
      const path = (current['$ref'] as string).replace(/^#\//, '').split('/');
      let target: unknown = this.document;
      for (const key of path)
        target = (target as JsonSchema)[decodeURIComponent(key.replace(/~1/g, '/').replace(/~0/g, '~'))];
      if (target === undefined) throw new Error(`unresolved $ref ${String(current['$ref'])}`);
      current = target as JsonSchema;
    }
    return current;
  }

  /** The alternatives of a union schema, flattened; a plain schema is its own single alternative. */
  alternatives(schema: unknown): JsonSchema[] {
    const resolved = this.resolve(schema);
    const union = (resolved['anyOf'] ?? resolved['oneOf']) as unknown[] | undefined;
    if (union !== undefined) return union.flatMap((s) => this.alternatives(s));
    const type = resolved['type'];
    if (Array.isArray(type)) return type.map((t) => ({ ...resolved, type: t }));
    return [resolved];
  }
}

/** The JSON types one alternative admits (`integer` is reported as such, not widened). */
function kindOf(schema: JsonSchema): string {
  if (typeof schema['type'] === 'string') return schema['type'];
  if (schema['properties'] !== undefined) return 'object';
  if (schema['items'] !== undefined) return 'array';
  if (schema['nullable'] === true) return 'null';
  return 'any';
}

function specKinds(spec: Spec): Set<string> {
  if (typeof spec === 'string') {
    if (spec === 'unknown') return new Set(['any']);
    return spec === 'number' ? new Set(['number', 'integer']) : new Set([spec]);
  }
  if ('optional' in spec) return specKinds(spec.optional);
  if ('nullable' in spec) return new Set([...specKinds(spec.nullable), 'null']);
  if ('array' in spec) return new Set(['array']);
  return new Set(['object']);
}

function inner(spec: Spec): Spec {
  if (typeof spec === 'object' && 'optional' in spec) return inner(spec.optional);
  if (typeof spec === 'object' && 'nullable' in spec) return inner(spec.nullable);
  return spec;
}

export function compareShape(
  resolver: SchemaResolver,
  shape: Record<string, Spec>,
  schema: unknown,
  direction: Direction,
  where: string,
): string[] {
  const problems: string[] = [];
  const objects = resolver.alternatives(schema).filter((s) => kindOf(s) === 'object');
  if (objects.length !== 1) return [`${where}: expected one object schema, found ${objects.length}`];
  const target = objects[0] as JsonSchema;
  const properties = (target['properties'] ?? {}) as Record<string, unknown>;
  const required = new Set((target['required'] ?? []) as string[]);

  const propertyFor = (name: string): [string, unknown] | undefined => {
    if (properties[name] !== undefined) return [name, properties[name]];
    for (const [key, value] of Object.entries(properties)) {
      const aliases = (resolver.resolve(value)['x-aliases'] ?? []) as string[];
      if (aliases.includes(name)) return [key, value];
    }
    return undefined;
  };

  for (const [name, spec] of Object.entries(shape)) {
    const path = `${where}.${name}`;
    const optional = typeof spec === 'object' && 'optional' in spec;
    const found = propertyFor(name);
    if (found === undefined) {
      if (direction === 'response' && !optional)
        problems.push(`${path}: the SDK expects it, the server does not document it`);
      // Even an open schema would ignore it silently, which is drift all the same.
      if (direction === 'request')
        problems.push(`${path}: the SDK may send it, the server's schema has no such property`);
      continue;
    }
    const [serverName, propertySchema] = found;
    if (direction === 'response' && !optional && !required.has(serverName)) {
      problems.push(`${path}: the SDK treats it as always present, the server marks it optional`);
    }
    problems.push(...compareValue(resolver, spec, propertySchema, direction, path));
  }
  if (direction === 'request') {
    for (const name of required) {
      const spec = Object.entries(shape).find(
        ([key]) =>
          key === name || ((resolver.resolve(properties[name])['x-aliases'] ?? []) as string[]).includes(key),
      )?.[1];
      if (spec === undefined)
        problems.push(`${where}.${name}: the server requires it, the SDK never sends it`);
      else if (typeof spec === 'object' && 'optional' in spec) {
        problems.push(`${where}.${name}: the server requires it, the SDK types it as optional`);
      }
    }
  }
  return problems;
}

function compareValue(
  resolver: SchemaResolver,
  spec: Spec,
  schema: unknown,
  direction: Direction,
  path: string,
): string[] {
  const alternatives = resolver.alternatives(schema);
  const serverKinds = new Set(alternatives.map(kindOf));
  const sdkKinds = specKinds(spec);
  if (serverKinds.has('any') || sdkKinds.has('any')) return [];
  const widen = (kinds: Set<string>) => new Set([...kinds].map((k) => (k === 'integer' ? 'number' : k)));
  const problems: string[] = [];
  if (direction === 'response') {
    // Everything the server may send must be something the SDK expects ('integer' fits 'number').
    for (const kind of serverKinds) {
      if (!sdkKinds.has(kind) && !(kind === 'integer' && sdkKinds.has('number'))) {
        problems.push(`${path}: the server may send ${kind}, the SDK expects ${[...sdkKinds].join('|')}`);
      }
    }
  } else {
    const accepted = serverKinds.has('number') ? widen(serverKinds) : serverKinds;
    for (const kind of sdkKinds) {
      if (!accepted.has(kind) && !(kind === 'integer' && serverKinds.has('number'))) {
        problems.push(`${path}: the SDK may send ${kind}, the server accepts ${[...serverKinds].join('|')}`);
      }
    }
  }
  const base = inner(spec);
  if (typeof base === 'object' && 'object' in base && Object.keys(base.object).length > 0) {
    const objectSchema = alternatives.find((s) => kindOf(s) === 'object');
    if (objectSchema !== undefined)
      problems.push(...compareShape(resolver, base.object, objectSchema, direction, path));
  }
  if (typeof base === 'object' && 'array' in base) {
    const arraySchema = alternatives.find((s) => kindOf(s) === 'array');
    if (arraySchema !== undefined && arraySchema['items'] !== undefined) {
      problems.push(...compareValue(resolver, base.array, arraySchema['items'], direction, `${path}[]`));
    }
  }
  return problems;
}

/** The OpenAPI path for a route template of the SDK, whatever the server names its parameter. */
export function findPath(
  paths: Record<string, unknown>,
  prefix: string,
  template: string,
): string | undefined {
  const normalise = (p: string) => p.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z]\w*/g, '{}');
  const wanted = normalise(prefix + template);
  return Object.keys(paths).find((p) => normalise(p) === wanted);
}
