// The verb table and the help text. A verb module exports `run(args)` returning the exit status.
export interface VerbModule {
  run(args: string[]): Promise<number>;
}

export interface Verb {
  readonly summary: string;
  readonly load: () => VerbModule;
}

export type Verbs = Readonly<Record<string, Verb>>;

/** Exit statuses, after sysexits(3) where one fits. */
export const EXIT = { ok: 0, failure: 1, usage: 64, dataError: 65, software: 70 } as const;

export async function runVerb(verbs: Verbs, argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage(verbs));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const verb = verbs[name];
  if (!verb) {
    process.stderr.write(`oauth-clients: unknown command '${name}'\n\n${usage(verbs)}`);
    return EXIT.usage;
  }
  return verb.load().run(args);
}

function usage(verbs: Verbs): string {
  const width = Math.max(...Object.keys(verbs).map((v) => v.length));
  const lines = Object.entries(verbs).map(([name, verb]) => `  ${name.padEnd(width)}  ${verb.summary}`);
  return `usage: oauth-clients <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'oauth-clients <command> --help' for a command's options.\n`;
}
