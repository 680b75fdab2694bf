import { parseArgs } from 'node:util';

/** A mistake in how the command was called; exits 2 with one line that says what to do. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command whose `--help` would have helped, when known. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in `--help`: the value's placeholder for string options. */
  value?: string;
  description: string;
}

export type OptionTable = Record<string, OptionSpec>;

/** Flags every command accepts; they may also come before the command name. */
export const GLOBAL_OPTIONS = {
  'base-url': {
    type: 'string',
    value: 'URL',
    description:
      'Server base URL: the API with /v1, or a Parley server root (env PARLEY_BASE_URL; default http://127.0.0.1:8080/v1)',
  },
  token: {
    type: 'string',
    value: 'TOKEN',
    description: 'API token sent as X-API-Token (env PARLEY_API_TOKEN or ELEVATEAI_API_TOKEN)',
  },
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout' },
  debug: { type: 'boolean', description: 'Print stack traces of unexpected errors' },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command' },
} as const satisfies OptionTable;

export type ParsedValues = Record<string, string | boolean | undefined>;

export interface ParsedCommandLine {
  command: string | undefined;
  values: ParsedValues;
  positionals: string[];
}

/** Splits the command name from its arguments, skipping global flags (and their values) before it. */
export function findCommand(argv: readonly string[]): { command: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      const name = arg.replace(/^--?/, '');
      const spec = (GLOBAL_OPTIONS as OptionTable)[name];
      if (spec?.type === 'string') i++;
      continue;
    }
    return { command: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { command: undefined, rest: [...argv] };
}

/** Parses a command's arguments strictly; a wrong flag becomes a `UsageError` naming it. */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: OptionTable,
): ParsedCommandLine {
  const table: OptionTable = { ...GLOBAL_OPTIONS, ...options };
  const parseOptions: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(table)) {
    parseOptions[name] =
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  try {
    const parsed = parseArgs({
      args: [...args],
      options: parseOptions,
      strict: true,
      allowPositionals: true,
    });
    return { command, values: parsed.values as ParsedValues, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error, table), command);
  }
}

function describeParseError(error: unknown, table: OptionTable): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
    const known = Object.keys(table).map((name) => `--${name}`);
    const close = known.find((name) => name.startsWith(flag.slice(0, 4)));
    return `unknown option '${flag}'${close === undefined ? '' : ` (did you mean '${close}'?)`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
    // Node names the option as "-c, --concurrency <value>" or "--json"; the long name is what we know.
    const name = /--([\w-]+)/.exec(flag)?.[1] ?? flag.replace(/^-+/, '');
    const spec = table[name];
    return spec?.type === 'boolean'
      ? `option '--${name}' takes no value`
      : `option '--${name}' needs a value${spec?.value === undefined ? '' : ` (${spec.value})`}`;
  }
  return message.split('\n')[0] ?? 'invalid arguments';
}

/** `90`, `90s`, `500ms`, `5m`, `1h` → milliseconds; a bare number means seconds. */
export function parseDuration(text: string, flag: string, command: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) {
    throw new UsageError(`${flag} must be a duration such as 90s, 5m or 1h, got '${text}'`, command);
  }
  const unit = match[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(Number(match[1]) * factor);
}

export function parsePositiveInteger(text: string, flag: string, command: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new UsageError(`${flag} must be a whole number of at least 1, got '${text}'`, command);
  }
  return Number(text);
}

export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

/** Formats an option table for `--help`. */
export function describeOptions(table: OptionTable): string {
  const rows = Object.entries(table).map(([name, spec]) => {
    const left = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`;
    return [left, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, description]) => `  ${left.padEnd(width)}  ${description}`).join('\n');
}
