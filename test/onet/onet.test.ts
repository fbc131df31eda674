import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createClassSpec, createUser } from '../helpers/factories';
import { importDemoClasses } from '../career/demo-classes';
import { ensureOnetLoaded, linkOnet, loadOnet } from '../../src/onet/onet.service';
import { onetGuidanceForItems } from '../../src/onet/onet.repository';
import { ONET_ATTRIBUTION } from '../../src/onet/onet-text';

const ctx = setupTestContext();
const ROOT = path.resolve(__dirname, '../..');
let demo: Awaited<ReturnType<typeof importDemoClasses>>;

beforeAll(async () => {
  demo = await importDemoClasses(ctx.db);
  await ensureOnetLoaded(ctx.db);
});

const keyRow = (key: string) => ctx.db('competency_keys').where({ key }).first();

describe('O*NET loading', () => {
  it('loads the 627 content-model rows and 483 level anchors once', async () => {
    const again = await loadOnet(ctx.db);
    expect(again.loaded).toBe(false);
    const e = await ctx.db('onet_elements').count({ n: '*' }).first();
    const a = await ctx.db('onet_anchors').count({ n: '*' }).first();
    expect(Number(e?.n)).toBe(627);
    expect(Number(a?.n)).toBe(483);
  });

  it('reads quoted TSV fields with doubled quotes as one field', async () => {
    const trunk = await ctx.db('onet_elements').where({ element_id: '1.A.3.a.4' }).first();
    expect(trunk.description).toContain('without "giving out" or fatiguing');
    const lang = await ctx.db('onet_anchors').where({ element_id: '2.C.7.b', anchor_value: 1 }).first();
    expect(lang.description).toBe('Say "please" and "thank you" in a foreign language');
  });
});

describe('linking keys to O*NET', () => {
  it('confirms mapping-file links, links exact names automatically and leaves the rest for review', async () => {
    expect(await keyRow('comprehend-oral-information')).toMatchObject({ onet_element_id: '1.A.1.a.1', onet_link_status: 'confirmed' });
    expect(await keyRow('speak')).toMatchObject({ onet_element_id: '1.A.1.a.3', onet_link_status: 'confirmed' });
    expect(await keyRow('judgment-and-decision-making')).toMatchObject({ onet_element_id: '2.B.4.e', onet_link_status: 'confirmed' });
    expect(await keyRow('analytical-thinking')).toMatchObject({ onet_element_id: null, onet_link_status: 'review' });
    expect((await keyRow('initiative')).onet_link_status).toBeNull(); // competencies are not O*NET skills
  });

  it('links an exact-name skill that the mapping file does not list as automatic', async () => {
    await createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'NEGOTIATION', key: 'negotiation' }] });
    const summary = await linkOnet(ctx.db);
    expect(summary.changed).toBe(1);
    expect(await keyRow('negotiation')).toMatchObject({ onet_element_id: '2.B.1.d', onet_link_status: 'auto' });
  });

  it('changes nothing when run again', async () => {
    const summary = await linkOnet(ctx.db);
    expect(summary.changed).toBe(0);
    expect(summary.unknownMappings).toEqual([]);
    expect(summary.review).toContain('ANALYTICAL THINKING');
  });

  // O*NET's skills are anchored at levels 2, 4 and 6; some abilities at other levels (Written
  // Expression 1, 4, 6), so every linked item has three anchors at the levels O*NET gives.
  it('gives every linked demo skill and ability three anchors (skills at levels 2, 4 and 6)', async () => {
    const items = Object.values(demo)
      .flatMap((c) => c.items)
      .filter((i) => i.category === 'skill' || i.category === 'ability');
    const guidance = await onetGuidanceForItems(
      ctx.db,
      items.map((i) => i.id),
    );
    const linkedKeys = await ctx.db('competency_keys').whereNotNull('onet_element_id').pluck('id');
    const linkedItems = items.filter((i) => linkedKeys.map(Number).includes(i.keyId));
    expect(linkedItems.length).toBeGreaterThan(30);
    expect(guidance.size).toBe(linkedItems.length);
    for (const g of guidance.values()) {
      expect(g.anchors).toHaveLength(3);
      if (g.elementId.startsWith('2.')) expect(g.anchors.map((a) => a.value)).toEqual([2, 4, 6]);
      expect(g.attribution).toBe(ONET_ATTRIBUTION);
    }
    const activeLearning = demo['IT ENGINEER'].items.find((i) => i.key === 'active-learning')!;
    expect(guidance.get(activeLearning.id)).toMatchObject({ elementId: '2.A.2.b', name: 'Active Learning' });
  });

  it('has no guidance for unlinked items', async () => {
    const analytical = demo['IT ENGINEER'].items.find((i) => i.key === 'analytical-thinking')!;
    const knowledge = demo['IT ENGINEER'].items.find((i) => i.category === 'knowledge')!;
    const guidance = await onetGuidanceForItems(ctx.db, [analytical.id, knowledge.id]);
    expect(guidance.size).toBe(0);
  });
});

describe('guidance partial and attribution', () => {
  it('renders the description and level examples as O*NET guidance with the attribution', async () => {
    const item = demo['IT ENGINEER'].items.find((i) => i.key === 'active-learning')!;
    const guidance = (await onetGuidanceForItems(ctx.db, [item.id])).get(item.id);
    const html = await ejs.renderFile(path.join(ROOT, 'views/onet/guidance.ejs'), { guidance });
    expect(html).toContain('<summary>Examples from O*NET</summary>');
    expect(html).toContain('Understanding the implications of new information');
    for (const level of [2, 4, 6]) expect(html).toContain(`On O*NET's 0–7 scale, level ${level} looks like:`);
    expect(html).toContain('not a conversion of the 0–5 scale');
    expect(html).toContain(ONET_ATTRIBUTION);
    expect((await ejs.renderFile(path.join(ROOT, 'views/onet/guidance.ejs'), {})).trim()).toBe('');
  });

  it('uses the attribution wording of SOURCE.md, also on the About page', async () => {
    const source = fs.readFileSync(path.join(ROOT, 'seeds/onet/SOURCE.md'), 'utf8');
    const firstParagraph = source.split(/\n\s*\n/)[1].trim();
    expect(ONET_ATTRIBUTION).toBe(firstParagraph);
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user.email);
    const about = await agent.get('/about');
    expect(about.status).toBe(200);
    expect(about.text).toContain(ONET_ATTRIBUTION);
  });
});
