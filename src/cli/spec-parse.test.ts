import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classSpecsDir } from '../../test/fixtures/spec-fixtures';

const REPO = path.resolve(__dirname, '../..');

function runCli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/spec-parse.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('spec:parse command', () => {
  it('prints the parsed form of a spec as JSON and exits 0', () => {
    const r = runCli(path.join(classSpecsDir(), 'it-engineer.txt'));
    expect(r.status).toBe(0);
    const spec = JSON.parse(r.stdout);
    expect(spec).toMatchObject({ title: 'IT ENGINEER', code: '06A3', warnings: [] });
    expect(spec.items).toHaveLength(37);
  });

  it('explains in one line on stderr why a text is not a spec, exit 1', () => {
    const r = runCli(tempFile('letter.txt', 'Dear colleague,\nsee you soon.\n'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('letter.txt: Not a class specification: no CLASS TITLE and no Knowledge/Skills/Abilities block found\n');
  });

  it('refuses an image named .pdf, exit 1', () => {
    const r = runCli(tempFile('spec.pdf', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('spec.pdf is not a PDF: its content is a PNG image\n');
  });

  it('prints a spec without a title with title null and a warning, exit 0', () => {
    const r = runCli(path.join(REPO, 'test/fixtures/class-specs/marion-county-or/elections-technician.txt'));
    expect(r.status).toBe(0);
    const spec = JSON.parse(r.stdout);
    expect(spec.title).toBeNull();
    expect(spec.items).toHaveLength(33);
    expect(spec.warnings.join('\n')).toMatch(/no title found/);
  });

  it('--summary prints per file the counts per category, the title and the warnings', () => {
    const r = runCli('--summary', path.join(REPO, 'test/fixtures/class-specs/lane-county-or'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'elections-supervisor.txt\n  title: Elections Supervisor (N3014)\n  knowledge 16, skill 20, ability 0, competency 0\n',
    );
  });

  it('prints the levels of a series: in the JSON, and per level with its statement count in --summary', () => {
    const folder = path.join(REPO, 'test/fixtures/class-specs/state-of-california-calhr');
    const one = runCli(path.join(folder, 'personnel-specialist-series-1303.html'));
    expect(one.status).toBe(0);
    const spec = JSON.parse(one.stdout) as { levels: { title: string; items: unknown[] }[] };
    expect(spec.levels.map((l) => [l.title, l.items.length])).toEqual([
      ['Senior Personnel Specialist', 18],
      ['Personnel Supervisor I and Above', 24],
    ]);
    const r = runCli('--summary', folder);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /personnel-specialist-series-1303\.html\n {2}title: Personnel Specialist Series\n.*\n {2}level: Senior Personnel Specialist, 18 statements\n {2}level: Personnel Supervisor I and Above, 24 statements\n/,
    );
  });

  it('prints usage without a file, exit 2', () => {
    expect(runCli().status).toBe(2);
  });
});
