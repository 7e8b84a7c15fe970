import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand, registerCommands } from './commands.js';

describe('the lazy command table', () => {
  it('lists each command as its module registers it: name and description', async () => {
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load())(program);
      const registered = program.commands.find((command) => command.name() === entry.name);
      expect(registered, `${entry.name} is registered by its module`).toBeDefined();
      expect(registered?.description(), `description of ${entry.name} in commands.ts`).toBe(
        entry.description,
      );
    }
    // Importing every command module (and what they import) takes seconds on a busy machine.
  }, 60_000);

  it('finds the command after global options and their values, and after help', () => {
    expect(findCommand(['--data-dir', 'report', 'plan', 'run'])?.name).toBe('plan');
    expect(findCommand(['--log-level', 'debug', 'report', 'gaps'])?.name).toBe('report');
    expect(findCommand(['help', 'risk'])?.name).toBe('risk');
    expect(findCommand(['--help'])).toBeUndefined();
    expect(findCommand(['repot'])).toBeUndefined();
  });

  it('registers the asked command in full and the others by name only, each once', async () => {
    for (const wanted of ['forecast', 'risk', 'report']) {
      const program = new Command();
      await registerCommands(program, [wanted, '--help']);
      const names = program.commands.map((command) => command.name());
      expect(names).toEqual(COMMANDS.map((command) => command.name));
      const risk = program.commands.find((command) => command.name() === 'risk');
      expect(risk?.commands.map((command) => command.name()).includes('outage')).toBe(wanted !== 'report');
      const report = program.commands.find((command) => command.name() === 'report');
      expect((report?.commands.length ?? 0) > 0).toBe(wanted === 'report');
    }
  });
});
