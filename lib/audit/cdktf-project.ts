// The cdktf project an audit runs in: the nearest directory holding cdktf.json, and the settings
// of that file the audit needs to synthesize the app the way `cdktf synth` does.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AuditError } from './audit-error';

export interface CdktfConfig {
  /** The command that runs the app, e.g. `npx ts-node --transpile-only main.ts`. */
  readonly app: string;
  /** Context values cdktf hands to the app (CDKTF_CONTEXT_JSON). */
  readonly context: Record<string, unknown>;
  /** Where `cdktf synth` writes, relative to the project. */
  readonly output: string;
  /** Generated provider bindings (`cdktf get`), usually git-ignored. */
  readonly codeMakerOutput: string;
}

export const CONFIG_FILE = 'cdktf.json';

/** The directory at or above `from` that holds cdktf.json, or undefined. */
export function findProjectDirectory(from: string): string | undefined {
  for (let dir = realpathSync(resolve(from)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

export function readCdktfConfig(projectDir: string, what = projectDir): CdktfConfig {
  const file = join(projectDir, CONFIG_FILE);
  if (!existsSync(file)) throw new AuditError(`${what} has no ${CONFIG_FILE}`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AuditError(`cannot read ${CONFIG_FILE} of ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof raw.app !== 'string' || raw.app.trim() === '') throw new AuditError(`${CONFIG_FILE} of ${what} has no "app" command`);
  const context = typeof raw.context === 'object' && raw.context !== null ? (raw.context as Record<string, unknown>) : {};
  // Defaults as in @cdktf/commons CONFIG_DEFAULTS.
  return { app: raw.app, context, output: stringOr(raw.output, 'cdktf.out'), codeMakerOutput: stringOr(raw.codeMakerOutput, '.gen') };
}

const stringOr = (value: unknown, fallback: string): string => (typeof value === 'string' && value !== '' ? value : fallback);
