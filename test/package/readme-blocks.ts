// Reads the README's code blocks, so the consumer test runs what the README tells a user to run
// and the two cannot drift apart.
import * as fs from 'node:fs';
import * as path from 'node:path';

const README = path.resolve(__dirname, '..', '..', 'README.md');

export interface ReadmeSection {
  /** The section's Markdown, from its heading to the next heading of the same or a higher level. */
  readonly text: string;
  /** The ```ts block whose first line is `firstLine`. */
  typescript(firstLine: string): string;
  /** The first command line of a ```sh block matching `pattern`, without its trailing comment. */
  shellLine(pattern: RegExp): string;
}

export function readmeSection(heading: string): ReadmeSection {
  const lines = fs.readFileSync(README, 'utf8').split('\n');
  // A heading is a `#` line outside code blocks (a shell comment in a block is not one).
  let fenced = false;
  const headingLevel = lines.map((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && /^#+ /.test(line) ? /^#+/.exec(line)![0].length : 0;
  });
  const start = lines.findIndex((line, i) => headingLevel[i] > 0 && line.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`README.md has no section '${heading}'`);
  const level = headingLevel[start];
  const end = headingLevel.findIndex((l, i) => i > start && l > 0 && l <= level);
  const text = lines.slice(start, end < 0 ? undefined : end).join('\n');
  const blocks = (language: string) => [...text.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1]);
  return {
    text,
    typescript(firstLine) {
      const block = blocks('ts').find((b) => b.startsWith(`${firstLine}\n`));
      if (!block) throw new Error(`README section '${heading}' has no ts block starting '${firstLine}'`);
      return block;
    },
    shellLine(pattern) {
      const line = blocks('sh')
        .flatMap((b) => b.split('\n'))
        .map((l) => l.replace(/\s{2,}#.*$/, '').trim())
        .find((l) => pattern.test(l));
      if (!line) throw new Error(`README section '${heading}' has no sh line matching ${pattern}`);
      return line;
    },
  };
}

export interface WorkflowStep {
  /** The step's `name`, or its one-line `run`. */
  readonly name: string;
  readonly run: string;
  readonly continueOnError: boolean;
}

/** The `run` steps of the ```yaml workflow in `text` (a GitHub Actions job's `steps:` list). */
export function workflowRunSteps(text: string): WorkflowStep[] {
  const yaml = /^```yaml\n([\s\S]*?)^```/m.exec(text)?.[1];
  if (!yaml) throw new Error('no yaml block');
  const lines = yaml.split('\n');
  const stepsAt = lines.findIndex((l) => /^\s*steps:\s*$/.test(l));
  const itemIndent = /^(\s*)- /.exec(lines[stepsAt + 1])![1].length;
  const steps: string[][] = [];
  for (const line of lines.slice(stepsAt + 1)) {
    if (line.length - line.trimStart().length === itemIndent && line.trimStart().startsWith('- ')) steps.push([line.slice(itemIndent + 2)]);
    else if (steps.length > 0) steps[steps.length - 1].push(line.slice(itemIndent + 2));
  }
  return steps.flatMap((body) => {
    const runAt = body.findIndex((l) => /^run:/.test(l));
    if (runAt < 0) return [];
    const inline = body[runAt].replace(/^run:\s*/, '').replace(/\s+#.*$/, '');
    const run =
      inline === '|'
        ? body
            .slice(runAt + 1)
            .filter((l) => /^\s{2}/.test(l) || l.trim() === '')
            .map((l) => l.slice(2))
            .join('\n')
            .trim()
        : inline;
    const name = /^name:\s*(.+)$/m.exec(body.join('\n'))?.[1] ?? run;
    return [{ name, run, continueOnError: /^continue-on-error:\s*true/m.test(body.join('\n')) }];
  });
}
