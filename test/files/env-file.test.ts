// `<NAME>_FILE` credentials: a relative path is the project root's, wherever the process runs
// (Terraform runs the handler in cdktf.out/stacks/<stack>); a file that cannot be read is
// reported with the variable, the path given and the path resolved, never with a value.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readEnvOrFile } from '../../lib/files/env-file';

let project: string;
beforeAll(() => {
  project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oac-env-file-')));
  fs.mkdirSync(path.join(project, 'secrets'));
  fs.writeFileSync(path.join(project, 'secrets', 'iat'), 'the-token\n');
  fs.writeFileSync(path.join(project, 'secrets', 'empty'), '\n');
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('readEnvOrFile', () => {
  test('given the variable itself, then its value wins over the file', () => {
    expect(readEnvOrFile({ IAT: ' direct ', IAT_FILE: 'secrets/iat' }, 'IAT', project)).toEqual({ value: 'direct', source: 'env IAT' });
  });

  test('given a relative IAT_FILE, then it is read from the project root, not the working directory', () => {
    const cwd = process.cwd();
    expect(cwd).not.toBe(project);

    expect(readEnvOrFile({ IAT_FILE: 'secrets/iat' }, 'IAT', project)?.value).toBe('the-token');
    expect(readEnvOrFile({ IAT_FILE: './secrets/../secrets/iat' }, 'IAT', project)?.value).toBe('the-token');
  });

  test('given an absolute IAT_FILE, then it is read as is', () => {
    expect(readEnvOrFile({ IAT_FILE: path.join(project, 'secrets', 'iat') }, 'IAT', '/nowhere')?.value).toBe('the-token');
  });

  test('given neither, then nothing', () => {
    expect(readEnvOrFile({}, 'IAT', project)).toBeUndefined();
  });

  test('given a missing file, then the error names the variable, the path given and the path resolved', () => {
    expect(() => readEnvOrFile({ IAT_FILE: 'secrets/missing' }, 'IAT', project)).toThrow(`IAT_FILE=secrets/missing (${path.join(project, 'secrets', 'missing')}): cannot read it: no such file`);
  });

  test('given an empty file or a directory, then it is an error naming it, not an empty credential', () => {
    expect(() => readEnvOrFile({ IAT_FILE: 'secrets/empty' }, 'IAT', project)).toThrow(`IAT_FILE=secrets/empty (${path.join(project, 'secrets', 'empty')}): the file is empty`);
    expect(() => readEnvOrFile({ IAT_FILE: 'secrets' }, 'IAT', project)).toThrow(/IAT_FILE=secrets \(.*\): cannot read it: is a directory/);
  });
});
