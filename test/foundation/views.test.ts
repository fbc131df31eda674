import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { describe, expect, it } from 'vitest';
import { templateNames, viewEngine } from '../../src/web/views';

const VIEWS = path.resolve(__dirname, '../../views');
const templates = (fs.readdirSync(VIEWS, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ejs'))
  .map((f) => path.join(VIEWS, f));

function render(engine: ReturnType<typeof viewEngine>, file: string, data: object): Promise<string> {
  return new Promise((resolve, reject) => engine(file, data, (err, html) => (err ? reject(err) : resolve(html!))));
}

describe('view engine without `with`', () => {
  it('compiles every template with the names it reads', () => {
    expect(templates.length).toBeGreaterThan(40);
    for (const file of templates) {
      const destructuredLocals = [...templateNames(file, VIEWS)];
      expect(
        () => ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, root: VIEWS, _with: false, destructuredLocals }),
        file,
      ).not.toThrow();
    }
  });

  it("takes the names of included partials, leaves out keywords, properties, globals and the template's own functions", () => {
    const form = templateNames(path.join(VIEWS, 'training/program-form.ejs'), VIEWS);
    expect(form.has('errors')).toBe(true); // read directly and by the error summary partial
    expect(form.has('csrfToken')).toBe(true); // from partials/head
    expect(form.has('field')).toBe(false); // a helper the form declares
    expect(templateNames(path.join(VIEWS, 'career/needs.ejs'), VIEWS).has('source')).toBe(false); // a helper that page declares
    const field = templateNames(path.join(VIEWS, 'partials/field.ejs'), VIEWS);
    for (const n of ['f', 'errors', 'fieldError']) expect(field.has(n), n).toBe(true); // the shared field and its error partial
    const head = templateNames(path.join(VIEWS, 'partials/head.ejs'), VIEWS);
    for (const n of ['title', 'currentUser', 'nav', 'flash', 'currentPath']) expect(head.has(n), n).toBe(true);
    for (const n of ['displayName', 'forEach', 'if', 'function', 'Object', 'include', 'locals']) expect(head.has(n), n).toBe(false);
  });

  it('renders the same HTML as EJS with `with`, and an optional local that is not passed is simply absent', async () => {
    const engine = viewEngine(VIEWS, true);
    const file = path.join(VIEWS, 'partials/error-summary.ejs');
    const withErrors = { errors: { email: 'Enter an email address <like@this>' } };
    const classic = await ejs.renderFile(file, withErrors, { root: VIEWS });
    expect(await render(engine, file, withErrors)).toBe(classic);
    expect(classic).toContain('Enter an email address &lt;like@this&gt;');
    expect((await render(engine, file, {})).trim()).toBe('');
  });

  it('makes every scrolling table wrapper a labelled region that keyboard users can reach and scroll', () => {
    let wrappers = 0;
    for (const file of templates) {
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/<div class="table-wrap"((?:<%[\s\S]*?%>|[^>])*)>/g)) {
        wrappers += 1;
        expect(m[1], file).toContain('tabindex="0"');
        expect(m[1], file).toContain('role="region"');
        const label = m[1].match(/aria-labelledby="([^"]+)"/)?.[1];
        expect(label, file).toBeTruthy();
        expect(source, file).toContain(`<caption id="${label}"`);
      }
    }
    expect(wrappers).toBeGreaterThan(25);
  });
});
