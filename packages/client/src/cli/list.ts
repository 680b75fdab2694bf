import type {
  InteractionPage,
  InteractionStatusValue,
  InteractionSummary,
  ListInteractionsParams,
} from '../index.js';
import { INTERACTION_STATUSES, INTERACTION_TYPES, MAX_LIST_LIMIT } from '../index.js';
import { flag, parsePositiveInteger, stringOption, UsageError } from './args.js';
import type { Command } from './command.js';
import { EXIT } from './command.js';
import { table } from './output.js';

function listOption<T extends string>(
  raw: string | undefined,
  allowed: readonly T[],
  name: string,
): T[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (values.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--${name} takes a comma-separated list of ${allowed.join(', ')}; got '${raw}'`,
      'list',
    );
  }
  return values as T[];
}

function rows(page: InteractionPage): string {
  return table([
    ['ID', 'TYPE', 'STATUS', 'DECLARED'],
    ...page.interactions.map((i) => [i.interactionIdentifier, i.type, i.status, i.declared]),
  ]);
}

export const listCommand: Command = {
  name: 'list',
  summary: "List the tenant's interactions, newest first (Parley servers only)",
  usage: 'parley list [--status S,..] [--type T,..] [--limit N] [--all]',
  args: { min: 0, max: 0 },
  options: {
    status: {
      type: 'string',
      value: 'S,..',
      description: `Only these statuses, e.g. processed,processingFailed`,
    },
    type: { type: 'string', value: 'T,..', description: 'Only these types: audio, chat, transcript' },
    'declared-after': {
      type: 'string',
      value: 'TIME',
      description: 'Only declared after this ISO 8601 time',
    },
    'declared-before': {
      type: 'string',
      value: 'TIME',
      description: 'Only declared before this ISO 8601 time',
    },
    limit: {
      type: 'string',
      short: 'n',
      value: 'N',
      description: `Page size, 1 to ${MAX_LIST_LIMIT} (default 50)`,
    },
    all: { type: 'boolean', description: 'Fetch every page, not just the first' },
    cursor: { type: 'string', value: 'CURSOR', description: 'Start at this nextCursor of an earlier page' },
  },
  examples: [
    'parley list --status processingFailed --type audio,chat',
    'parley list --all --limit 200 --json > interactions.json',
  ],
  async run({ client, values, io, json }) {
    const limitText = stringOption(values, 'limit');
    const limit = limitText === undefined ? undefined : parsePositiveInteger(limitText, '--limit', 'list');
    if (limit !== undefined && limit > MAX_LIST_LIMIT) {
      throw new UsageError(`--limit must be at most ${MAX_LIST_LIMIT}, got ${limit}`, 'list');
    }
    const status = listOption<InteractionStatusValue>(
      stringOption(values, 'status'),
      INTERACTION_STATUSES,
      'status',
    );
    const type = listOption(stringOption(values, 'type'), INTERACTION_TYPES, 'type');
    const after = stringOption(values, 'declared-after');
    const before = stringOption(values, 'declared-before');
    const cursor = stringOption(values, 'cursor');
    const params: ListInteractionsParams = {
      ...(status === undefined ? {} : { status }),
      ...(type === undefined ? {} : { type }),
      ...(after === undefined ? {} : { declaredAfter: after }),
      ...(before === undefined ? {} : { declaredBefore: before }),
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    };
    let page: InteractionPage;
    if (flag(values, 'all')) {
      const interactions: InteractionSummary[] = [];
      for await (const item of client.interactions.listAll(params)) interactions.push(item);
      page = { interactions, nextCursor: null };
    } else {
      page = await client.interactions.list(params);
    }
    if (json) {
      io.out(`${JSON.stringify(page, null, 2)}\n`);
    } else {
      io.out(page.interactions.length === 0 ? 'No interactions.\n' : rows(page));
      // On stderr so a piped table stays only rows.
      if (page.nextCursor !== null) io.err(`More: add --cursor ${page.nextCursor} (or --all).\n`);
    }
    return EXIT.ok;
  },
};
