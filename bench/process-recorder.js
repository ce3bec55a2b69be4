// Preloaded into every Node process Terraform's provisioners start, through
// NODE_OPTIONS="--require <this file>" (bench/deploy.ts does it for its instrumented runs only, never
// for the timed ones). At exit it appends one JSON line to $BENCH_PROCESS_LOG: the command, its own
// wall time, CPU time and peak memory, so a benchmark can count handler invocations and read their
// max RSS without wrapping the command Terraform runs.
'use strict';
const fs = require('node:fs');

const log = process.env.BENCH_PROCESS_LOG;
if (log) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    const line = {
      argv: process.argv.slice(1).join(' '),
      code,
      wallMs: Math.round(process.uptime() * 1000),
      cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
      maxRssKb: usage.maxRSS,
    };
    // One short write with O_APPEND: lines of concurrent processes do not interleave.
    fs.appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
