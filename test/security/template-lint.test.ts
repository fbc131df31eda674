import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Unescaped output (`<%-`) is allowed only to include another template; everything else must go
// through `<%= %>`. Inline scripts and event-handler attributes are forbidden by the CSP anyway.

const VIEWS = path.resolve(__dirname, '../../views');

function ejsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? ejsFiles(p) : e.name.endsWith('.ejs') ? [p] : [];
  });
}

describe('template lint', () => {
  const files = ejsFiles(VIEWS);

  it('finds the templates (sanity)', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('uses <%- only as <%- include(', () => {
    const bad: string[] = [];
    for (const f of files) {
      fs.readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(/<%-(\s*)(\S{0,8})/g)) {
            if (!/^include\(/.test(m[2])) bad.push(`${path.relative(VIEWS, f)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('has no inline <script> bodies or on…= handlers, and every <script> carries the nonce', () => {
    const bad: string[] = [];
    for (const f of files) {
      // EJS tags contain '>' ('%>'), so stand them in by plain words before looking at HTML tags.
      const text = fs
        .readFileSync(f, 'utf8')
        .replace(/<%= cspNonce %>/g, 'NONCE')
        .replace(/<%[\s\S]*?%>/g, 'EJS');
      const rel = path.relative(VIEWS, f);
      for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
        if (m[1].trim()) bad.push(`${rel}: inline script body`);
        if (!/nonce="NONCE"/.test(m[0])) bad.push(`${rel}: script without nonce: ${m[0].slice(0, 80)}`);
      }
      for (const m of text.matchAll(/<[a-z][^>]*\son[a-z]+\s*=/gi)) bad.push(`${rel}: event handler attribute: ${m[0].slice(0, 80)}`);
      if (/javascript:/i.test(text)) bad.push(`${rel}: javascript: URL`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });
});
