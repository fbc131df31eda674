import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createUser } from '../helpers/factories';
import { importDemoClasses } from './demo-classes';
import { compareTwo } from '../../src/career/career.service';

const ctx = setupTestContext();
let demo: Awaited<ReturnType<typeof importDemoClasses>>;
const IT = 'IT ENGINEER';
const SSE = 'SENIOR SECURITY ENGINEER';
const CISO = 'CHIEF INFORMATION SECURITY OFFICER (CISO)';

beforeAll(async () => {
  demo = await importDemoClasses(ctx.db);
});

const keysOf = (items: { keyId: number }[]) => items.map((i) => i.keyId);
const keyId = (title: string, key: string) => demo[title].items.find((i) => i.key === key)!.keyId;

describe('comparing the demo classes', () => {
  it('lists the CISO knowledge items that SENIOR SECURITY ENGINEER does not have as only in the target', async () => {
    const { comparison } = await compareTwo(ctx.db, demo[SSE].classSpecId, demo[CISO].classSpecId);
    const sseKeys = new Set(demo[SSE].items.map((i) => i.key));
    const cisoOnlyKnowledge = demo[CISO].items.filter((i) => i.category === 'knowledge' && !sseKeys.has(i.key));
    expect(cisoOnlyKnowledge.length).toBeGreaterThan(15);
    const onlyInTarget = new Set(keysOf(comparison.onlyInTarget));
    for (const k of cisoOnlyKnowledge) expect(onlyInTarget.has(k.keyId)).toBe(true);
    expect(onlyInTarget.has(keyId(CISO, 'developing-and-maintaining-it-strategic-plans'))).toBe(true);
    expect(keysOf(comparison.onlyInSource)).toContain(keyId(SSE, 'leading-projects'));
    // The City policies item is in both.
    expect(onlyInTarget.has(keyId(CISO, 'applicable-city-and-department-policies-procedures-rules-and-regulations'))).toBe(false);
  });

  it('treats JUDGEMENT and JUDGMENT AND DECISION MAKING as the same item', async () => {
    const { comparison } = await compareTwo(ctx.db, demo[IT].classSpecId, demo[CISO].classSpecId);
    const judgment = keyId(IT, 'judgment-and-decision-making');
    expect(keyId(CISO, 'judgment-and-decision-making')).toBe(judgment);
    expect(keysOf(comparison.onlyInTarget)).not.toContain(judgment);
    expect(keysOf(comparison.onlyInSource)).not.toContain(judgment);
    const pair = comparison.entryChanges.find((p) => p.keyId === judgment)!;
    expect([pair.from.name, pair.to.name]).toEqual(['JUDGMENT AND DECISION MAKING', 'JUDGEMENT AND DECISION MAKING']);
  });

  it('shows the entry-required differences from IT ENGINEER to CISO', async () => {
    const { comparison } = await compareTwo(ctx.db, demo[IT].classSpecId, demo[CISO].classSpecId);
    const entry = comparison.entryChanges.map((p) => p.to.name ?? p.to.text);
    expect(entry).toEqual(expect.arrayContaining(['ACTIVE LEARNING', 'ACTIVE LISTENING']));
    expect(comparison.entryChanges.every((p) => p.from.requiredAtEntry && !p.to.requiredAtEntry)).toBe(true);
    // Every item lands in exactly one of: only-in lists, or shared (rises/falls/unchanged/entry only).
    const shared = new Set(
      [...comparison.rises, ...comparison.falls, ...comparison.entryChanges, ...comparison.unchanged].map((p) => p.keyId),
    );
    expect(shared.size + comparison.onlyInTarget.length).toBe(demo[CISO].items.length);
    expect(shared.size + comparison.onlyInSource.length).toBe(demo[IT].items.length);
  });

  it('renders the comparison as captioned tables at a linkable address', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    const res = await agent.get(`/classes/compare?from=${demo[IT].classSpecId}&to=${demo[CISO].classSpecId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<form method="get" action="/classes/compare"');
    expect(res.text).toContain(`<option value="${demo[IT].classSpecId}" selected>`);
    const captions = [...res.text.matchAll(/<caption id="[^"]+">([^<]*)<\/caption>/g)].map((m) => m[1]);
    expect(captions).toContain(`Items of ${CISO} that ${IT} does not have`);
    expect(captions).toContain('Shared items required at entry in one class but not the other');
    expect(res.text).toContain('JUDGEMENT AND DECISION MAKING <span class="meta">(JUDGMENT AND DECISION MAKING in IT ENGINEER)</span>');
    expect(res.text).toContain('<th scope="col">Item</th>');
  });

  it('shows only the form without a choice, a notice for the same class twice, and 404 for an unknown class', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    const empty = await agent.get('/classes/compare');
    expect(empty.status).toBe(200);
    expect(empty.text).not.toContain('<table');
    const same = await agent.get(`/classes/compare?from=${demo[IT].classSpecId}&to=${demo[IT].classSpecId}`);
    expect(same.text).toContain('Pick two different classes to compare.');
    expect((await agent.get(`/classes/compare?from=${demo[IT].classSpecId}&to=999999`)).status).toBe(404);
    expect((await agent.get(`/classes/compare?from=abc&to=${demo[IT].classSpecId}`)).status).toBe(404);
  });
});

describe('an employee with a reviewed SENIOR SECURITY ENGINEER assessment', () => {
  it('sees readiness for all three demo classes, with the IT ENGINEER items SSE lacks as not yet rated', async () => {
    const sup = await createUser(ctx.db, { roles: ['supervisor'] });
    const emp = await createUser(ctx.db, { supervisorId: sup.id });
    const sse = demo[SSE];
    await createAssessment(ctx.db, {
      employeeId: emp.id,
      cls: sse,
      status: 'reviewed',
      self: sse.items.map(() => 3),
      supervisor: sse.items.map(() => 3),
      reviewerId: sup.id,
    });
    const agent = await signIn(ctx.app, emp.email);
    const res = await agent.get('/career');
    expect(res.status).toBe(200);
    for (const title of [IT, SSE, CISO]) expect(res.text).toContain(title);
    const sseKeys = new Set(sse.items.map((i) => i.key));
    const itUnknown = demo[IT].items.filter((i) => !sseKeys.has(i.key)).length;
    expect(res.text).toContain(`not yet rated: ${itUnknown} of ${demo[IT].items.length} items`);
    // SSE itself: all rated 3; readiness = items required at most 3.
    const sseMet = sse.items.filter((i) => i.requiredLevel <= 3).length;
    expect(res.text).toContain(`${sseMet} of ${sse.items.length}`);
  });
});
