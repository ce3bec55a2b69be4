// Synthesizes a cdktf app into a directory of our choosing, the way `cdktf synth` runs it: the
// `app` command of cdktf.json through the shell, with CDKTF_OUTDIR and CDKTF_CONTEXT_JSON set.
// Running the app directly takes about half the time of `cdktf synth --output` (measured: ~3.5 s
// against ~6.5 s for the example stacks), which spends the rest starting its own CLI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from './audit-error';
import { readCdktfConfig } from './cdktf-project';
import { failureSummary, runCommand } from './private/run-command';

export interface SynthesizeOptions {
  /** Names the revision in errors: "HEAD~1", "the working tree". */
  readonly label: string;
  readonly signal?: AbortSignal;
}

export async function synthesizeApp(projectDir: string, outDir: string, options: SynthesizeOptions): Promise<void> {
  const config = readCdktfConfig(projectDir, options.label);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TF_VAR_')));
  // As cdktf-cli does: cdktf.json's context over any the caller set, and no Terraform variables at synth.
  const callerContext = parseContext(process.env.CDKTF_CONTEXT_JSON);
  const result = await runCommand(config.app, [], {
    cwd: projectDir,
    shell: true,
    signal: options.signal,
    env: { ...env, CDKTF_OUTDIR: outDir, CDKTF_CONTEXT_JSON: JSON.stringify({ ...callerContext, ...config.context }) },
  });
  if (result.status !== 0) {
    const why = failureSummary(result.stderr) || failureSummary(result.stdout) || `exit status ${result.status ?? 'signal'}`;
    throw new AuditError(`synthesizing ${options.label} failed (${config.app}): ${why}`, 'failure', `${result.stdout}\n${result.stderr}`);
  }
  if (!existsSync(join(outDir, 'manifest.json'))) {
    throw new AuditError(`synthesizing ${options.label} wrote nothing to CDKTF_OUTDIR: does the app pass its own outdir to App, or not call app.synth()?`);
  }
}

function parseContext(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
