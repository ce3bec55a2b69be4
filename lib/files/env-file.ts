// A value named by an environment variable, or by `<NAME>_FILE` for runners that mount secrets as
// files (Docker and Kubernetes secrets, CI secret files). A relative `<NAME>_FILE` resolves against
// the project root, never the process's working directory: Terraform runs the handler in
// cdktf.out/stacks/<stack>, and the path was written for the project.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface EnvValue {
  readonly value: string;
  /** `env NAME` or `NAME_FILE=<given> (<resolved path>)`: for messages, never the value. */
  readonly source: string;
}

/**
 * `env[name]` when set and not empty, else the trimmed content of the file `env[name_FILE]`, else
 * undefined. A named file that cannot be read is an error naming the variable and the resolved path.
 */
export function readEnvOrFile(env: NodeJS.ProcessEnv, name: string, projectRoot: string): EnvValue | undefined {
  const direct = env[name];
  if (direct) return { value: direct.trim(), source: `env ${name}` };
  const given = env[`${name}_FILE`];
  if (!given) return undefined;
  const file = path.resolve(projectRoot, given);
  const source = `${name}_FILE=${given}${file === given ? '' : ` (${file})`}`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new Error(`${source}: cannot read it: ${why}`);
  }
  const value = text.trim();
  if (value === '') throw new Error(`${source}: the file is empty`);
  return { value, source };
}
