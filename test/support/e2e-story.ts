// Small helpers for end-to-end stories whose steps share one project: a step that refuses to run
// after an earlier one failed (so one failure does not cascade into a dozen confusing ones), a
// command assertion that shows what the tool printed, and the secrets collected from a store.
import type { SecretStoreBackend } from '../../lib/secrets';
import type { CommandRun } from './e2e-project';

/** Wraps the steps of one story: once a step fails, the later ones fail at once, naming it. */
export function storySteps(): <T>(name: string, body: () => Promise<T>) => () => Promise<T> {
  let failed: string | undefined;
  return (name, body) => async () => {
    if (failed) throw new Error(`not run: the earlier step "${failed}" failed`);
    try {
      return await body();
    } catch (error) {
      failed = name;
      throw error;
    }
  };
}

/** Fails with the command's output (its tail) unless it exited 0. */
export function expectSucceeded(run: CommandRun): CommandRun {
  if (run.code !== 0) throw new Error(`\`${run.command}\` exited ${run.code} after ${run.ms} ms:\n${run.output.slice(-8000)}`);
  return run;
}

/** Fails unless the command exited non-zero. */
export function expectFailed(run: CommandRun): CommandRun {
  if (run.code === 0) throw new Error(`\`${run.command}\` was expected to fail but exited 0:\n${run.output.slice(-8000)}`);
  return run;
}

/** The members that hold credentials in exports (client_secret) and ledger/journal records. */
const SECRET_MEMBERS = new Set(['client_secret', 'clientSecret', 'registration_access_token', 'registrationAccessToken']);

/** Adds every credential value found anywhere in the store to `into`. */
export async function collectStoreSecrets(store: SecretStoreBackend, into: Set<string>): Promise<void> {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [member, inner] of Object.entries(value)) {
        if (SECRET_MEMBERS.has(member) && typeof inner === 'string' && inner.length > 0) into.add(inner);
        else visit(inner);
      }
    }
  };
  for (const key of await store.list('')) visit(await store.get(key));
}

/** The secrets among `secrets` that occur in `text`, shortened so a failure does not print them whole. */
export function leakedIn(text: string, secrets: Iterable<string>): string[] {
  return [...secrets].filter((secret) => text.includes(secret)).map((secret) => `${secret.slice(0, 4)}…(${secret.length} chars)`);
}

/**
 * The lines of Terraform's plan for one construct's resource (from its `# terraform_data.<id>_…`
 * header to the next header or the summary), without cdktf's stack-name prefix and indentation.
 */
export function planLinesOf(output: string, stack: string, constructId: string): string[] {
  const lines = output.split('\n').map((line) => (line.startsWith(stack) ? line.slice(stack.length) : line).trim());
  const start = lines.findIndex((line) => line.startsWith('# ') && line.includes(` (${constructId}/Resource) `));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && (line.startsWith('# ') || line.startsWith('Plan:')));
  return lines.slice(start, end < 0 ? undefined : end);
}
