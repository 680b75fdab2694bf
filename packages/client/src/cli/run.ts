import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InteractionFailedError,
  ParleyError,
  WaitTimeoutError,
} from '../index.js';
import { Parley } from '../node.js';
import {
  describeOptions,
  findCommand,
  flag,
  GLOBAL_OPTIONS,
  parseCommandArgs,
  stringOption,
  UsageError,
} from './args.js';
import type { Command } from './command.js';
import { EXIT } from './command.js';
import { COMMANDS } from './commands.js';
import type { Io } from './output.js';

const VERSION = '0.1.0';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return (
    'parley: talk to a Parley server (or hosted ElevateAI) from the command line.\n\n' +
    'Usage: parley <command> [options]\n\nCommands:\n' +
    COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n') +
    `\n\nGlobal options:\n${describeOptions(GLOBAL_OPTIONS)}\n\n` +
    'Examples:\n  parley process call.wav chat.json --out results/\n  parley transcript <id> --format srt\n\n' +
    "Run 'parley <command> --help' for a command's options.\n" +
    'Exit codes: 0 ok, 1 API or connection error, 2 usage error, 3 an interaction failed.\n'
  );
}

function commandHelp(command: Command): string {
  const options =
    Object.keys(command.options).length === 0 ? '' : `Options:\n${describeOptions(command.options)}\n\n`;
  return (
    `${command.summary}.\n\nUsage: ${command.usage}\n\n${options}` +
    `Global options:\n${describeOptions(GLOBAL_OPTIONS)}\n\n` +
    `Examples:\n${command.examples.map((e) => `  ${e}`).join('\n')}\n`
  );
}

/**
 * Runs one command line and resolves to its exit code. This is the single place where errors
 * become messages: one line each, a stack trace only with --debug.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let debug = argv.includes('--debug');
  let commandName: string | undefined;
  try {
    const found = findCommand(argv);
    commandName = found.command;
    if (commandName === undefined || commandName === 'help') {
      if (found.rest.includes('--version')) {
        io.out(`${VERSION}\n`);
        return EXIT.ok;
      }
      const topic = commandName === 'help' ? found.rest.find((a) => !a.startsWith('-')) : undefined;
      const command = COMMANDS.find((c) => c.name === topic);
      io.out(command === undefined ? mainHelp() : commandHelp(command));
      // A bare `parley` is a usage mistake; asking for help is not.
      const askedForHelp =
        commandName === 'help' || found.rest.includes('--help') || found.rest.includes('-h');
      return askedForHelp ? EXIT.ok : EXIT.usage;
    }
    const command = COMMANDS.find((c) => c.name === commandName);
    if (command === undefined) {
      commandName = undefined;
      throw new UsageError(
        `unknown command '${found.command}'; commands are ${COMMANDS.map((c) => c.name).join(', ')}`,
      );
    }
    const parsed = parseCommandArgs(command.name, found.rest, command.options);
    debug = flag(parsed.values, 'debug');
    if (flag(parsed.values, 'help')) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    const count = parsed.positionals.length;
    if (count < command.args.min || (command.args.max !== undefined && count > command.args.max)) {
      throw new UsageError(
        count < command.args.min
          ? `missing arguments; usage: ${command.usage}`
          : `too many arguments; usage: ${command.usage}`,
        command.name,
      );
    }
    const baseUrl = stringOption(parsed.values, 'base-url');
    const token = stringOption(parsed.values, 'token');
    let client: Parley;
    try {
      client = new Parley({
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(token === undefined ? {} : { token }),
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), command.name);
    }
    return await command.run({
      io,
      client,
      values: parsed.values,
      positionals: parsed.positionals,
      json: flag(parsed.values, 'json'),
    });
  } catch (error) {
    const { message, code } = describe(error, commandName);
    io.err(`parley${commandName === undefined ? '' : ` ${commandName}`}: ${message}\n`);
    if (debug && error instanceof Error && error.stack !== undefined && !(error instanceof UsageError)) {
      io.err(`${error.stack}\n`);
    }
    return code;
  }
}

function describe(error: unknown, commandName: string | undefined): { message: string; code: number } {
  if (error instanceof UsageError) {
    const command = error.command ?? commandName;
    return {
      message: `${error.message}. Run 'parley ${command === undefined ? '' : `${command} `}--help' for usage.`,
      code: EXIT.usage,
    };
  }
  if (error instanceof InteractionFailedError) return { message: error.message, code: EXIT.failed };
  if (error instanceof AuthenticationError) {
    return {
      message: `${error.errorMessage} [${error.code}]. Pass --token or set PARLEY_API_TOKEN.`,
      code: EXIT.error,
    };
  }
  if (error instanceof APIError && error.code === 'route_not_found') {
    return {
      message: `${error.status} ${error.errorMessage} [${error.code}]. Does --base-url (or PARLEY_BASE_URL) end in /v1?`,
      code: EXIT.error,
    };
  }
  if (error instanceof APIError) {
    const request = error.requestId === undefined ? '' : ` (request ${error.requestId})`;
    return { message: `${error.status} ${error.errorMessage} [${error.code}]${request}`, code: EXIT.error };
  }
  if (error instanceof APIConnectionError) {
    return { message: `${error.message}. Check --base-url or PARLEY_BASE_URL.`, code: EXIT.error };
  }
  if (
    error instanceof WaitTimeoutError ||
    error instanceof APIUserAbortError ||
    error instanceof ParleyError
  ) {
    return { message: error.message, code: EXIT.error };
  }
  const text = error instanceof Error ? error.message : String(error);
  return {
    message: `unexpected error: ${text} (this is a bug; rerun with --debug for details)`,
    code: EXIT.error,
  };
}
