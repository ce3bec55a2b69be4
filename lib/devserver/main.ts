// The development server as a process (`npm run provider`; compiled to
// dist/lib/devserver/main.js). Its stdout is exactly two lines, `issuer: <url>` and
// `initial access token: <file>`, so scripts and tests can read it; everything else goes to stderr.

import { parseDevServerArgs, USAGE } from './parse-args';
import { startDevServer } from './start-dev-server';

export async function main(argv: readonly string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseDevServerArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // Libraries' console.log / console.info (oidc-provider's NOTICE lines, G3) must not land
  // between the lines a script parses.
  console.log = console.error;
  console.info = console.error;

  const log = (line: string) => process.stderr.write(`devserver: ${line}\n`);
  const server = await startDevServer({ ...parsed.options, log });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, stopping`);
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        log(`stopping failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  process.stdout.write(`issuer: ${server.issuer}\ninitial access token: ${server.initialAccessTokenFile}\n`);
}

// Run as a script (dist/lib/devserver/main.js) only: inside the CLI bundle, where esbuild makes
// `module` the bundle's own, `oauth-clients provider` calls main() with its own arguments.
if (require.main === module && /^main\.[jt]s$/.test(require('node:path').basename(__filename))) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`devserver: ${error.message}\n`);
    process.exit(1);
  });
}
