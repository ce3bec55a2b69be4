// `npm run bench [-- --quick]`: the handler start-up benchmark (issue 4), the deploy benchmark
// (issue 5), then both deploy modes side by side (issue 9); the last line is the machine-readable
// `RATIOS ...` line, the deploy benchmark's members followed by the modes'. Options are passed to all.
import { main as deploy } from './deploy';
import { main as handlerStartup } from './handler-startup';
import { main as modes, modeRatiosLine } from './modes';

async function runAll(): Promise<void> {
  let failed = false;
  let deployRatios = 'deploy=n/a';
  let modeRatios = modeRatiosLine({});
  for (const [title, bench] of [
    ['bench/handler-startup.ts', async () => void (await handlerStartup())],
    ['bench/deploy.ts', async () => void (deployRatios = await deploy({ printRatios: false }))],
    ['bench/modes.ts', async () => void (modeRatios = modeRatiosLine(await modes()))],
  ] as const) {
    console.log(`\n======== ${title} ========`);
    try {
      await bench();
      if (process.exitCode) failed = true;
    } catch (error) {
      failed = true;
      console.error(`${title} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }
  console.log(`RATIOS ${deployRatios} ${modeRatios}`);
  process.exitCode = failed ? 1 : 0;
}

void runAll();
