/**
 * Reads the SDK's environment variables when there is an environment: in a browser there is no
 * `process`, and the SDK must not fail there just for asking.
 */
export function readEnv(name: string): string | undefined {
  if (typeof process === 'undefined' || typeof process.env !== 'object') return undefined;
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
