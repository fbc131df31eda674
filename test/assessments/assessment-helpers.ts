import type { Knex } from 'knex';
import { createClassSpec, type CreatedClass } from '../helpers/factories';

/** A small class with items in every category; item 0 is required at entry. */
export function smallClass(db: Knex, title?: string): Promise<CreatedClass> {
  return createClassSpec(db, {
    title,
    items: [
      {
        category: 'knowledge',
        text: 'cloud computing platforms such as Azure, AWS',
        qualifier: 'comprehensive',
        requiredLevel: 5,
        requiredAtEntry: true,
      },
      { category: 'knowledge', text: 'network security principles', qualifier: 'moderate', requiredLevel: 3 },
      { category: 'skill', name: 'ACTIVE LEARNING', text: 'Understand the implications of new information', requiredLevel: 3 },
      { category: 'ability', name: 'DEDUCTIVE REASONING', text: 'Apply general rules to specific problems', requiredLevel: 4 },
      { category: 'competency', name: 'TEAMWORK', text: 'Works with others', requiredLevel: 3 },
    ],
  });
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The fields a browser would post from the rating form: hidden inputs, checked radios, textareas. */
export function formFields(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('<form method="post" action="/assessments/'));
  const body = form.slice(0, form.indexOf('</form>'));
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[decode(m[1])] = decode(m[2]);
  for (const m of body.matchAll(/<input type="radio"[^>]*name="([^"]+)" value="(\d)" checked/g)) fields[decode(m[1])] = m[2];
  for (const m of body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[decode(m[1])] = decode(m[2]);
  return fields;
}

/** The level shown as checked for an item, or null. */
export function checkedLevel(html: string, itemId: number): string | null {
  const m = new RegExp(`name="level\\[${itemId}\\]" value="(\\d)" checked`).exec(html);
  return m ? m[1] : null;
}

export function textareaContent(html: string, itemId: number): string | null {
  const m = new RegExp(`<textarea[^>]*name="evidence\\[${itemId}\\]"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return m ? decode(m[1]) : null;
}
