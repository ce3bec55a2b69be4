// `npm run bench [-- --quick]`: the handler start-up benchmark (issue 4), then the deploy benchmark
// (issue 5), whose last line is the machine-readable `RATIOS ...` line. Options are passed to both.
import { main as deploy } from './deploy';
import { main as handlerStartup } from './handler-startup';

async function runAll(): Promise<void> {
  let failed = false;
  for (const [title, bench] of [
    ['bench/handler-startup.ts', handlerStartup],
    ['bench/deploy.ts', deploy],
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
  process.exitCode = failed ? 1 : 0;
}

void runAll();
