// The public API is deliberate: api/oauth-clients-as-code.api.md (API Extractor's report of
// dist/lib/index.d.ts) is in the repository, and this fails while it differs from what the code
// exports, so a change to the public surface shows in review. `npm run api` updates the report.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

test('the API report in the repository is the public API the built package exports', () => {
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'api-extractor'), ['run'], { cwd: ROOT, encoding: 'utf8' });

  expect({ status: run.status, output: run.status === 0 ? '' : `${run.stdout}\n${run.stderr}` }).toEqual({ status: 0, output: '' });
  const report = fs.readFileSync(path.join(ROOT, 'api', 'oauth-clients-as-code.api.md'), 'utf8');
  expect(report).toContain('export class Host extends Construct');
  expect(report).not.toMatch(/\b_registerClient\b|\b_clients\b|export const \w+Schema\b/);
});
