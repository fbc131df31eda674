import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

// The EJS engine of the app. EJS normally compiles a template inside `with (locals) { … }`, which
// makes every name the template reads a dynamic lookup (the locals object first, then the
// enclosing scopes), so loops over a table render about twice as slowly as they need to. Told
// which names to take from the locals, EJS declares them as plain variables instead
// (`var title = locals.title, …`) and leaves `with` out. Those names are found here, once per
// template: every identifier its code (and the partials it includes) mentions, apart from
// keywords, property names, JavaScript globals, functions the template declares and EJS's own names. A name that is not passed
// is simply undefined, as `typeof errors !== 'undefined'` expects; reading it is no error, where
// `with` threw. The templates never assign to a local.

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval ' +
    // EJS's own names inside a compiled template.
    'locals include escapeFn rethrow __append __output __line __lines __filename __locals'
  ).split(' '),
);
const SCRIPTLET = /<%([_=-]?)([\s\S]*?)[_-]?%>/g;
const STRING = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g;
const IDENTIFIER = /(?<![.\w$])[A-Za-z_$][\w$]*/g;
const INCLUDE = /include\(\s*'([^']+)'/g;
const FUNCTION = /\bfunction\s+([A-Za-z_$][\w$]*)/g;

/** The names a template and the partials it includes read from their locals. */
export function templateNames(file: string, root: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const source = fs.readFileSync(file, 'utf8');
  // Helpers the template declares itself (`function field(…)`) are not locals.
  const own = new Set([...source.matchAll(FUNCTION)].map((m) => m[1]));
  for (const [, kind, code] of source.matchAll(SCRIPTLET)) {
    if (kind === '' && (code.startsWith('#') || code.startsWith('%'))) continue; // comment, literal <%%
    for (const [, partial] of code.matchAll(INCLUDE)) {
      const target = path.join(root, partial.endsWith('.ejs') ? partial : `${partial}.ejs`);
      for (const n of templateNames(target, root, seen)) names.add(n);
    }
    for (const [id] of code.replace(STRING, ' ').matchAll(IDENTIFIER)) {
      if (!RESERVED.has(id) && !(id in globalThis)) names.add(id);
    }
  }
  // After the partials' names are in: their names are declared in this template's scope too.
  for (const f of own) names.delete(f);
  return names;
}

type Done = (err: Error | null, html?: string) => void;

/**
 * `app.engine('ejs', viewEngine(views, cache))`. Includes name their file from the views folder
 * ('/partials/head'): EJS resolves those against `root` directly, where a relative include costs a
 * file-system check on every render. With `cache`, templates and their names are read once.
 */
export function viewEngine(root: string, cache: boolean): (file: string, data: object, done: Done) => void {
  const known = new Map<string, string[]>();
  return (file, data, done) => {
    let names = cache ? known.get(file) : undefined;
    if (!names) {
      try {
        names = [...templateNames(file, root)];
      } catch (err) {
        return done(err as Error);
      }
      if (cache) known.set(file, names);
    }
    ejs.renderFile(file, data as ejs.Data, { root, cache, _with: false, destructuredLocals: names }, (err, html) => done(err, html));
  };
}
