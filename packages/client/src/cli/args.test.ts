import { describe, expect, it } from 'vitest';
import { findCommand, parseCommandArgs, parseDuration, UsageError } from './args.js';

describe('findCommand', () => {
  it('skips global flags and their values before the command', () => {
    expect(findCommand(['--base-url', 'http://x/v1', '--json', 'status', 'abc'])).toEqual({
      command: 'status',
      rest: ['--base-url', 'http://x/v1', '--json', 'abc'],
    });
    expect(findCommand(['--json'])).toEqual({ command: undefined, rest: ['--json'] });
  });
});

describe('parseCommandArgs', () => {
  const options = { out: { type: 'string', value: 'DIR', description: 'out' } } as const;

  it('accepts global and command flags together', () => {
    const parsed = parseCommandArgs('process', ['a.wav', '--out', 'o', '--token', 't'], options);
    expect(parsed.values).toMatchObject({ out: 'o', token: 't' });
    expect(parsed.positionals).toEqual(['a.wav']);
  });

  it('names an unknown flag and suggests a close one', () => {
    let caught: unknown;
    try {
      parseCommandArgs('process', ['--outt', 'x'], options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect(caught).toMatchObject({
      message: "unknown option '--outt' (did you mean '--out'?)",
      command: 'process',
    });
  });

  it('says which flag lacks its value', () => {
    expect(() => parseCommandArgs('process', ['--out'], options)).toThrow(
      "option '--out' needs a value (DIR)",
    );
  });
});

describe('parseDuration', () => {
  it('reads units and treats a bare number as seconds', () => {
    expect(parseDuration('90', '--timeout', 'wait')).toBe(90_000);
    expect(parseDuration('500ms', '--timeout', 'wait')).toBe(500);
    expect(parseDuration('1.5m', '--timeout', 'wait')).toBe(90_000);
    expect(parseDuration('2h', '--timeout', 'wait')).toBe(7_200_000);
    expect(() => parseDuration('soon', '--timeout', 'wait')).toThrow(/--timeout must be a duration/);
  });
});
