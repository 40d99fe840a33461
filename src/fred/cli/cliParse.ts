// Parsing a command line against its CommandSpec with node's util.parseArgs. fred's own
// options are a leading run of arguments (the debugger's come after them), so the run is
// found first and parseArgs checks it strictly.
import { parseArgs } from 'util';
import { CommandSpec, OptionSpec } from './cliSpec';
import { FredError } from '../errors';

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

function parseArgsConfig(options: OptionSpec[]) {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of options) {
    config[o.name] = { type: o.value ? 'string' : 'boolean', ...(o.short && { short: o.short }), ...(o.multiple && { multiple: true }) };
  }
  return config;
}

/** The option an argument names ('--log=x' names log), if it is one of these. */
function optionNamed(arg: string, options: OptionSpec[]): OptionSpec | undefined {
  if (arg.startsWith('--')) return options.find((o) => o.name === arg.slice(2).split('=')[0]);
  if (/^-[^-]$/.test(arg)) return options.find((o) => o.short === arg[1]);
  return undefined;
}

/**
 * The leading arguments that are options of `spec` (with their values), parsed; `rest`
 * starts at the first argument that is not one. A missing value is a usage error.
 */
export function leadingOptions(spec: CommandSpec, argv: string[]): { values: OptionValues; rest: string[] } {
  let end = 0;
  // values joined to their option (--n=V, -xV), so a value such as -1 is not taken for an option
  const joined: string[] = [];
  while (end < argv.length) {
    const option = optionNamed(argv[end], spec.options);
    if (!option) break;
    const inline = argv[end].includes('=');
    if (option.value && !inline && end + 1 >= argv.length) throw usageError(spec, `option ${argv[end]} needs a ${option.value}`);
    joined.push(option.value && !inline ? `--${option.name}=${argv[end + 1]}` : argv[end]);
    end += option.value && !inline ? 2 : 1;
  }
  return { values: strictParse(spec, joined, false).values, rest: argv.slice(end) };
}

/** All of argv parsed as options of spec and positionals; an unknown option is a usage error. */
export function strictParse(spec: CommandSpec, argv: string[], positionals = true): { values: OptionValues; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options: parseArgsConfig(spec.options), strict: true, allowPositionals: positionals });
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (e) {
    if (!String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) throw e;
    const message = (e as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown) throw usageError(spec, `unknown option ${unknown}`);
    const missing = /Option '(?:-\w, )?(--?[\w-]+)[^']*' argument missing/.exec(message)?.[1];
    if (missing) throw usageError(spec, `option ${missing} needs a value`);
    throw usageError(spec, message.split('\n')[0].replace(/\. To specify.*$/, ''));
  }
}

/** One line: what was wrong, and which --help to read (the caller prefixes the program's name). */
export function usageError(spec: CommandSpec, what: string): FredError {
  return new FredError('usage', `${what}; run '${spec.name} --help' for usage`);
}
