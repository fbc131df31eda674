import { beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../src/web/route-list';
import { setupTestContext } from '../helpers/context';
import { TABLE } from './access-table';
import { ACTORS, agentsFor, buildWorld, fill, type Actor, type SignedAgent, type World } from './world';

// Every route the app registers must appear in TABLE, with the expected status for every actor
// on objects that belong to someone else (the owner employee, or another admin). PRODUCT.md
// "Roles and access": another person's object → 404; role pages → 404; anonymous → /login.
// POST rows send a valid CSRF token and an empty (harmless) body.

const ctx = setupTestContext();
let w: World;
let agents: Record<Actor, SignedAgent>;

function sortedRoutes() {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of listRoutes(ctx.app)) {
    const key = `${r.method} ${r.path}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(key);
    }
  }
  // Sign-out last, so the other rows keep their sessions.
  return [...out.filter((k) => k !== 'POST /logout'), ...out.filter((k) => k === 'POST /logout')];
}

async function probe(agent: SignedAgent, method: string, url: string, body: Record<string, string> = {}) {
  if (method === 'GET') return agent.get(url).redirects(0);
  return agent
    .post(url)
    .redirects(0)
    .type('form')
    .send({ ...body, _csrf: agent.token });
}

beforeAll(async () => {
  w = await buildWorld(ctx.db);
  agents = await agentsFor(ctx.app, w);
});

describe('access matrix', () => {
  it('has an expectation for every route the app registers', () => {
    const missing = sortedRoutes().filter((k) => !TABLE[k]);
    expect(missing, `routes missing from the access table:\n${missing.join('\n')}`).toEqual([]);
  });

  it('lists no route the app does not register (the table stays current)', () => {
    const routes = new Set(sortedRoutes());
    const stale = Object.keys(TABLE).filter((k) => !routes.has(k));
    expect(stale, `table rows for routes that no longer exist:\n${stale.join('\n')}`).toEqual([]);
  });

  it('answers every route for every actor as the access table says (never 200 for the forbidden, never 500)', async () => {
    const problems: string[] = [];
    for (const key of sortedRoutes()) {
      const rows = TABLE[key];
      if (!rows) continue;
      const [method, pattern] = key.split(' ');
      for (const row of rows) {
        const url = row.path ? row.path(w) : fill(pattern, w);
        for (const actor of ACTORS) {
          const want = row.expect[actor];
          if (want === undefined) continue;
          const res = await probe(agents[actor], method, url, row.body);
          const where = `${key} (${row.what}) as ${actor}: ${method} ${url}`;
          if (res.status !== want) problems.push(`${where} → ${res.status}, expected ${want}`);
          else if (actor === 'anon' && want === 303 && !String(res.headers.location).startsWith('/login')) {
            problems.push(`${where} → redirected to ${res.headers.location}, expected /login`);
          }
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 180_000);
});
