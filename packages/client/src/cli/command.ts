import type { DeclareParams } from '../index.js';
import type { Parley } from '../node.js';
import type { OptionTable, ParsedValues } from './args.js';
import { flag, parseDuration, stringOption, UsageError } from './args.js';
import type { Io } from './output.js';

export interface CommandContext {
  io: Io;
  client: Parley;
  values: ParsedValues;
  positionals: string[];
  json: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Positional arguments: at least `min`, at most `max` (undefined = any number). */
  args: { min: number; max: number | undefined };
  options: OptionTable;
  examples: string[];
  /** Resolves to the exit code. */
  run(context: CommandContext): Promise<number>;
}

/** Exit codes: 0 success, 1 API/connection error, 2 usage error, 3 an interaction failed. */
export const EXIT = { ok: 0, error: 1, usage: 2, failed: 3 } as const;

export const DECLARE_OPTIONS = {
  language: { type: 'string', value: 'TAG', description: 'Language tag (default en-us)' },
  vertical: { type: 'string', value: 'NAME', description: 'Vertical (default "default")' },
  'no-ai': { type: 'boolean', description: 'Do not ask for CX AI results' },
  redact: {
    type: 'string',
    value: 'POLICIES',
    description:
      'Also redact these, comma-separated: email, phone, bankAccount, sortCode, iban, postalAddress, dateOfBirth, passport, drivingLicence, personName, or all (Parley only)',
  },
} as const satisfies OptionTable;

export function declareParams(values: ParsedValues, command?: string): DeclareParams {
  const params: DeclareParams = { includeAiResults: !flag(values, 'no-ai') };
  const language = stringOption(values, 'language');
  const vertical = stringOption(values, 'vertical');
  if (language !== undefined) params.languageTag = language;
  if (vertical !== undefined) params.vertical = vertical;
  const redact = stringOption(values, 'redact');
  if (redact !== undefined) {
    const policies = redact
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0);
    if (policies.length === 0) {
      throw new UsageError('--redact needs one or more policy names, such as --redact email,phone', command);
    }
    params.redactionPolicies = policies;
  }
  return params;
}

export function waitOptions(
  values: ParsedValues,
  command: string,
): { timeoutMs?: number; pollIntervalMs?: number } {
  const timeout = stringOption(values, 'timeout');
  const interval = stringOption(values, 'interval');
  return {
    ...(timeout === undefined ? {} : { timeoutMs: parseDuration(timeout, '--timeout', command) }),
    ...(interval === undefined ? {} : { pollIntervalMs: parseDuration(interval, '--interval', command) }),
  };
}

export const WAIT_OPTIONS = {
  timeout: {
    type: 'string',
    value: 'DURATION',
    description: 'Give up waiting after this long (default 30m)',
  },
  interval: {
    type: 'string',
    value: 'DURATION',
    description:
      'Time between status checks (default 2s for audio, 0.5s for chat; 30s/5s on hosted ElevateAI)',
  },
} as const satisfies OptionTable;
