import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBroadSpec } from './spec-broad';
import { findBroadTitle } from './spec-broad-title';
import { readClassSpecHtml } from './spec-read';

// One test per layout feature the corpus taught the broad reader, each on a real excerpt of the
// corpus document named (test/fixtures/class-specs/, SOURCES.md). Text documents are cut from the
// file itself, from the first line starting with `from` through the first line starting with `to`;
// web pages from the first occurrence of `from` through the end of `to`, markup included; PDF and
// Word documents are quoted as their text layer reads (pdf-parse, mammoth — src/uploads).
const CORPUS = path.resolve(__dirname, '../../../test/fixtures/class-specs');
const read = (file: string) => fs.readFileSync(path.join(CORPUS, file), 'utf8');
function excerpt(file: string, from: string, to: string): string {
  const lines = read(file).split('\n');
  const a = lines.findIndex((l) => l.startsWith(from));
  const b = lines.findIndex((l, i) => i >= a && l.startsWith(to));
  if (a < 0 || b < 0) throw new Error(`excerpt not found in ${file}`);
  return lines.slice(a, b + 1).join('\n');
}
function htmlExcerpt(file: string, from: string, to: string): string {
  const html = read(file);
  const a = html.indexOf(from);
  const b = html.indexOf(to, a);
  if (a < 0 || b < 0) throw new Error(`excerpt not found in ${file}`);
  return html.slice(a, b + to.length);
}
const texts = (items: { category: string; name: string | null; text: string }[]) =>
  items.map((i) => `${i.category}: ${i.name ? `${i.name} | ` : ''}${i.text}`);

describe('layouts of the real-world corpus', () => {
  it('reads run-in lists inside a sentence when there is no KSA section (City of Los Angeles, electrical-mechanic-3841.pdf, text layer)', () => {
    const text = [
      'The examination will consist of a qualifying written test and performance test. In the qualifying written test, which will consist of multiple-choice questions,',
      'candidates may be examined for knowledge of scales and units of measurement used in electric stations; hand and power tools; arithmetic and algebra; the ability',
      'to read scales, dials, and digital readouts; visualize effects of forces upon a given load (mechanical comprehension); using street maps; oral/written',
      'communication; and other necessary skills, knowledge, and abilities.',
      'Candidates must achieve a passing score on the qualifying multiple-choice test in order to be scheduled for the performance test. The examination score will be',
      'based entirely on the performance test. The Performance Test will consist of a series of exercises in which candidates may be examined for: knowledge of hand',
      'and power tools; ability to lift up to 70 pounds unassisted; physical agility sufficient to climb, balance, and/or reach in confined spaces; manual dexterity; ability to',
      'measure materials accurately; ability to perform tasks using color-identified materials; the ability to follow written instructions; and other necessary skills,',
      'knowledge, and abilities.',
    ].join('\n');
    const spec = parseBroadSpec(text);
    expect(texts(spec.items)).toEqual([
      'knowledge: scales and units of measurement used in electric stations',
      'knowledge: hand and power tools',
      'knowledge: arithmetic and algebra',
      'ability: read scales, dials, and digital readouts',
      'ability: visualize effects of forces upon a given load (mechanical comprehension)',
      'ability: using street maps',
      'ability: oral/written communication',
      'ability: lift up to 70 pounds unassisted',
      'ability: physical agility sufficient to climb, balance, and/or reach in confined spaces',
      'ability: manual dexterity',
      'ability: measure materials accurately',
      'ability: perform tasks using color-identified materials',
      'ability: follow written instructions',
    ]);
    expect(spec.warnings.some((w) => /^line \d+: no KSA section/.test(w))).toBe(true);
  });

  it('takes the title from a county footer "Title (Class No. N)   Union Code: …", not from the series list above (County of San Diego, associate-meteorologist.txt)', () => {
    const lines = read('county-of-san-diego-ca/associate-meteorologist.txt').split('\n');
    expect(findBroadTitle(lines, null)).toEqual({ title: 'Associate Meteorologist', code: '003697' });
  });

  it('splits one line of comma-separated names under "Desirable Traits" into competencies (County of San Diego, associate-meteorologist.txt)', () => {
    const spec = parseBroadSpec(excerpt('county-of-san-diego-ca/associate-meteorologist.txt', 'Desirable Traits', '.'));
    expect(spec.items.map((i) => [i.category, i.text])).toEqual(
      [
        'Communicates Effectively',
        'Customer Focused',
        'Values and Respects Others',
        'Drives to Excel',
        'Teamwork and Collaboration',
        'Continuous Learning',
        'Demonstrates Ethical Behavior',
        'Supportive of Change',
      ].map((n) => ['competency', n]),
    );
  });

  it('reads depth words before a lead-in as qualifiers: "Some knowledge of:", "Working ability to:" (County of Ventura, apcd-public-information-specialist.txt)', () => {
    const spec = parseBroadSpec(
      excerpt('ventura-county-ca/apcd-public-information-specialist.txt', 'Knowledge, Skills, and Abilities:', 'Working ability to:'),
    );
    expect(spec.items.filter((i) => i.category === 'knowledge').map((i) => i.qualifier)).toEqual([
      'moderate',
      'moderate',
      'moderate',
      'moderate',
      'comprehensive',
    ]);
    expect(spec.items.filter((i) => i.category === 'ability').map((i) => i.text)[0]).toBe(
      'understand, interpret, and present orally and in writing, technical data reports',
    );
  });

  it('keeps reading a KSA block through "In addition to the above:" / "When assigned to …:" lines (Placer County, clerk-recorder-elections-technician-senior.txt)', () => {
    const spec = parseBroadSpec(
      excerpt('placer-county-ca/clerk-recorder-elections-technician-senior.txt', 'KNOWLEDGE, SKILLS, AND ABILITIES', 'Type or enter data'),
    );
    expect(spec.items.filter((i) => i.category === 'knowledge')).toHaveLength(24);
    expect(spec.items.some((i) => /when assigned|in addition/i.test(i.text))).toBe(false);
    expect(spec.items.find((i) => i.text.startsWith('Mathematic skills'))?.category).toBe('knowledge');
  });

  it('gives a series named one level per line its levels when a statement belongs to one level (County of Ventura, appraiser-series.txt)', () => {
    const spec = parseBroadSpec(read('ventura-county-ca/appraiser-series.txt'));
    expect(spec.levels?.map((l) => [l.title, l.items.length])).toEqual([
      ['Appraiser Trainee', 16],
      ['Appraiser I', 16],
      ['Appraiser II', 16],
      ['Appraiser III', 17],
    ]);
    expect(spec.levels![3].items.at(-1)!.text).toBe('direct, train and review appraisal work of lower level employees.');
    expect(texts(spec.items)).toContain('ability: Operate a personal computer in an on-line processing environment');
  });

  it('reads a bold run-in name in a list item as a named competency, its paragraph whole, under "Essential" (UK DfE, lead-service-designer.html)', () => {
    const html = htmlExcerpt('uk-department-for-education/lead-service-designer.html', '<h3 id="essential">Essential</h3>', '</ul>');
    const spec = readClassSpecHtml(html);
    expect(spec.items.map((i) => i.name)).toEqual([
      'Leadership and guidance',
      'User focus',
      'Agile working',
      'Community collaboration',
      'Digital perspective',
      'Facilitating decisions and risks',
      'Prototyping',
      'Strategic thinking',
    ]);
    expect(spec.items.every((i) => i.category === 'competency' && /^You /.test(i.text))).toBe(true);
  });

  it('reads "<li><p>" items, leaves a list’s introduction, an editing note and the page’s sidebar out, and names "Name - You can …" skills (UK DfE, senior-developer.html)', () => {
    const html = htmlExcerpt('uk-department-for-education/senior-developer.html', '<h2 id="you-ll-have">You’ll have</h2>', '</aside>');
    const spec = readClassSpecHtml(html);
    expect(texts(spec.items.filter((i) => i.category === 'skill'))).toEqual([
      'skill: Modern standard approach | You can use a modern standards approach to solve problems, using test driven development (TDD) techniques',
      'skill: Programming and build | You can write clear, concise and maintainable code using standard tools',
      'skill: A systematic approach to problem solving',
    ]);
    expect(texts(spec.items)).toContain('knowledge: A good knowledge of Unix-like operating systems such as Linux and macOS.');
    expect(spec.items.find((i) => i.text.startsWith('Enthusiasm'))?.category).toBe('competency');
    expect(spec.items.some((i) => /assess you|^View source|^Report problem|^GitHub Repo/.test(i.text))).toBe(false);
    expect(spec.warnings.some((w) => /^line \d+: left out the note "\(If Ruby else delete\)"/.test(w))).toBe(true);
  });

  it('takes a Word document’s first paragraph as its title, without "Job description" (UK DfE senior-content-designer.docx and City of Austin service-designer.docx, text layer)', () => {
    expect(findBroadTitle(['Senior Content Designer Job description', '', 'G7', '', ' ', '', 'Summary'], null)).toEqual({
      title: 'Senior Content Designer',
      code: null,
    });
    expect(
      findBroadTitle(
        ['Design, Technology, and Innovation Fellow: Service Designer', '', 'We’re looking for an experienced service designer …'],
        null,
      ),
    ).toEqual({
      title: 'Design, Technology, and Innovation Fellow: Service Designer',
      code: null,
    });
    // A heading or a posting's "=== JOB DETAILS ===" line is not a title.
    expect(findBroadTitle(['=== JOB DETAILS ===', '', 'Salary: $16.40 - $20.50 Hourly'], null)).toBeNull();
  });
});

// Layouts of the held-out documents (SOURCES.md, "Held-out additions"): rules that had to hold
// for employers the reader was not tuned on.
describe('layouts of the held-out documents', () => {
  // Statements keep the document's final full stop; compared here without it, as the corpus test does.
  const plain = (items: { category: string; name: string | null; text: string }[]) => texts(items).map((t) => t.replace(/\.$/, ''));
  it('ends a one-statement-a-line list at a blank line: the page prose after it is not a statement (Travis County, elections-division-director.txt)', () => {
    const spec = parseBroadSpec(
      excerpt('travis-county-tx/elections-division-director.txt', 'Knowledge, Skills, and Abilities:', 'This job description is intended'),
    );
    const abilities = spec.items.filter((i) => i.category === 'ability').map((i) => i.text.replace(/\.$/, ''));
    expect(abilities).toHaveLength(12);
    expect(abilities[0]).toBe('Train and supervise office personnel');
    expect(abilities[11]).toMatch(/^Establish and maintain effective working relationships/);
    expect(spec.items.some((i) => /physical requirements|business continuity|generic in nature/i.test(i.text))).toBe(false);
    expect(spec.items.filter((i) => i.category === 'knowledge')).toHaveLength(11);
    expect(spec.items.filter((i) => i.category === 'skill')).toHaveLength(5);
  });

  it('keeps a list going across a blank line when the line before ends in ";" (Fairfax County, general-registrar.txt)', () => {
    const spec = parseBroadSpec(
      excerpt('fairfax-county-va/general-registrar.txt', 'Ability to:', 'Establish and maintain effective working relationships'),
    );
    expect(spec.items.map((i) => i.text.replace(/\.$/, ''))).toEqual(
      [
        'Plan, organize, and direct large, complex, logistical operations involving a large number of personnel, over 250 locations and multiple mailings of highly variable physical literature',
        'Risk management',
        'Respond to immediate challenges by adjusting processes to address them',
        'Process improvement & change management',
        'Develop, advocate for and mange an annual multi-million dollar budget',
        'Work under extreme pressure of heavy peak workloads for weeks at a time and meet statutory deadlines',
        'Interpret, explain, and enforce the provisions of governing laws and regulations',
        "Analyze new or proposed legislation and evaluate and report on the impact to the Office's operations",
        'Manage and resolve personnel issues',
        'Establish and maintain effective working relationships with government officials, the media, political parties, and the general public.',
      ].map((t) => t.replace(/\.$/, '')),
    );
  });

  it('reports an "Ability to …" sentence outside the KSA sections with its line, and does not read it (Fairfax County, general-registrar.txt)', () => {
    const text = excerpt('fairfax-county-va/general-registrar.txt', 'Ability to:', 'PHYSICAL REQUIREMENTS:');
    const spec = parseBroadSpec(text);
    expect(spec.items.some((i) => /clearly communicate/.test(i.text))).toBe(false);
    const line = text.split('\n').findIndex((l) => l.startsWith('The appointee')) + 1;
    expect(spec.warnings).toContain(
      `line ${line}: "Ability to clearly communicate in-person, phone…" is outside the KSA sections, not read as a statement`,
    );
  });

  it('splits a ";"-ended line of a ";"-ended list on its semicolons, strips a repeated lower-case lead-in, and does not join short lower-case lines (Cochise County, elections-special-districts-director.txt)', () => {
    const spec = parseBroadSpec(
      excerpt(
        'cochise-county-az/elections-special-districts-director.txt',
        'KNOWLEDGE, SKILLS & ABILITIES:',
        'plan, organize and supervise',
      ),
    );
    expect(plain(spec.items)).toEqual([
      'knowledge: election laws and procedures',
      'knowledge: computerized information systems',
      'knowledge: data management',
      'knowledge: data validation',
      'knowledge: systems testing',
      'knowledge: electronic file transfers, management and storage',
      'knowledge: accounting procedures and auditing techniques',
      'knowledge: fraud prevention, detection and deterrence',
      'knowledge: principals and practices of management and supervision',
      'skill: administering and managing a comprehensive elections program in a public-sector setting',
      'skill: organizing and managing complex operations, with superior attention to detail and skills in handling and managing details',
      'skill: using computer databases and complex computer systems and applications',
      'skill: analyzing complex administrative and organizational problems and performing effective problem-solving',
      'skill: preparing and managing budgets',
      'skill: effectively communicating complex information simply, under pressure, verbally and in writing',
      'skill: maintaining effective communication and working relationships with employees, other County departments, vendors, other governmental agencies, candidates, elected officials and the public',
      'ability: be fair and impartial in administering the duties of the position',
      'ability: read, write and speak English',
      'ability: effectively address the media, public and professional groups',
      'ability: work effectively under tight deadlines to accomplish project objectives',
      'ability: plan, organize and supervise the work of others',
    ]);
    // "Extensive knowledge of:" sets the level of every knowledge statement under it.
    expect(spec.items.filter((i) => i.category === 'knowledge').every((i) => i.requiredLevel === 5)).toBe(true);
  });

  it('decodes character references in a scraped "Title:" field (Cochise County, elections-special-districts-director.txt)', () => {
    const lines = read('cochise-county-az/elections-special-districts-director.txt').split('\n');
    expect(findBroadTitle(lines, null)).toEqual({ title: 'Elections & Special Districts Director', code: null });
  });

  it('reads "Experience:" above gerund lines as competencies, and not above an amount of experience (Hennepin County, elections-technician.txt)', () => {
    const spec = parseBroadSpec(excerpt('hennepin-county-mn/elections-technician.txt', 'Need to have:', 'Estimate potential challenges'));
    expect(plain(spec.items.filter((i) => i.category === 'competency'))).toEqual([
      'competency: Using Elections System & Software (ES&S) and/or Democracy Live hardware',
      'competency: Communicating technical information and managing confidential files and information',
      'competency: Troubleshooting technology-based issues to a variety of customers',
    ]);
    expect(spec.items.filter((i) => i.category === 'ability')).toHaveLength(8);
    expect(spec.items.some((i) => /years or more/.test(i.text))).toBe(false);
    // Contra Costa County: "Experience:" above "Three (3) months of full-time … experience" is the qualifications field.
    const contra = excerpt('contra-costa-county-ca/elections-services-technician.txt', 'Experience:', 'Three (3) months');
    expect(() => parseBroadSpec(contra)).toThrow(/^Not a class specification/);
  });
});

describe('layouts of the second held-out batch', () => {
  it('reads lead-in lines ("Knowledgeable with …") under PREFERRED QUALIFICATIONS, not the degrees and certificates around them (Mohave County, voter-registration-coordinator.txt)', () => {
    const spec = parseBroadSpec(
      excerpt('mohave-county-az/voter-registration-coordinator.txt', '\u00A0PREFERRED QUALIFICATIONS', 'Works well under pressure'),
    );
    expect(texts(spec.items)).toEqual(['knowledge: Arizona State Statues.', 'knowledge: Arizona State Voter Registration system.']);
    // The same lines outside such a section are reported, not read (Yavapai County: "Physical Requirements:").
    const yavapai = parseBroadSpec(
      excerpt(
        'yavapai-county-az/elections-office-technician.txt',
        'Required Knowledge, Skills and Abilities:',
        'Ability to perform repetitive motions',
      ),
    );
    expect(yavapai.items.some((i) => /stand or sit|repetitive motions/.test(i.text))).toBe(false);
    expect(yavapai.warnings.some((w) => /"Ability to stand or sit for extended periods\." is outside the KSA sections/.test(w))).toBe(true);
  });
});

describe('layouts of the third held-out batch', () => {
  it('splits a ";"-ended line with its own lead-in on its semicolons, each part taking its own lead-in (City of Portland, elections-analyst.txt)', () => {
    const spec = parseBroadSpec(
      excerpt('city-of-portland-or/elections-analyst.txt', 'Successful candidates will have:', 'Ability to interface with customers'),
    );
    expect(texts(spec.items).slice(0, 9)).toEqual([
      'knowledge: principles, practices, and methods of public administration and administrative, organizational, procedural, analysis',
      'knowledge: principles, tools, and techniques for project planning and management and sound business communication',
      'ability: analyze and identify administrative, operational, economic, and organizational issues',
      'ability: evaluate alternatives',
      'ability: provide sound, logical, fact-based conclusions and recommendations',
      'ability: collect, evaluate, and interpret data in statistical and narrative forms',
      'ability: use quantitative and qualitative analysis, tools, and modeling',
      'ability: analyze, interpret, explain, and apply relevant laws, regulations, ordinances, policies, and procedures',
      'ability: communicate clearly, logically, and persuasively, both orally and in writing',
    ]);
    expect(spec.items).toHaveLength(14);
  });

  it('reads "Ability to …" under REQUIRED QUALIFICATIONS and reports "Possesses knowledge with …" in a task list (Washington Secretary of State, grant-and-contract-specialist.txt)', () => {
    const text = excerpt('washington-secretary-of-state/grant-and-contract-specialist.txt', 'Tasks include:', 'Working Conditions:');
    const spec = parseBroadSpec(text);
    expect(texts(spec.items)).toEqual([
      'knowledge: Washington State government policies and legislative processes',
      'knowledge: Washington State and Federal election laws',
      'ability: efficiently use a personal computer and applicable software to successfully perform the essential functions of the position',
    ]);
    const line = text.split('\n').findIndex((l) => l.startsWith('Possesses knowledge with')) + 1;
    expect(spec.warnings).toContain(
      `line ${line}: "Possesses knowledge with Office of Management a…" is outside the KSA sections, not read as a statement`,
    );
  });
});

describe('layouts of the fourth held-out batch', () => {
  it('ends a KSA block at a long heading in capitals whose spaces were lost, and reads "Knowledgeable of …" as knowledge (Athens-Clarke County, elections-voter-registration-director.txt)', () => {
    const text = excerpt(
      'athens-clarke-county-ga/elections-voter-registration-director.txt',
      'Knowledge, Skills and Abilities',
      'DATA CONCEPTION: Requires the ability',
    );
    const spec = parseBroadSpec(text);
    expect(spec.items.some((i) => /MINIMUMQUALIFICATIONS/.test(i.text))).toBe(false);
    expect(spec.items.filter((i) => i.category === 'knowledge')).toHaveLength(13);
    expect(spec.items.find((i) => /federal, state and municipal laws/.test(i.text))).toMatchObject({
      category: 'knowledge',
      text: 'all applicable federal, state and municipal laws, legal opinions, and relevant court case decisions associated with the electoral process.',
    });
    expect(spec.items.filter((i) => i.category === 'ability')).toHaveLength(13);
    expect(spec.items.some((i) => /Requires the ability/.test(i.text))).toBe(false);
    expect(spec.sections.some((s) => s.kind === 'other' && s.heading.startsWith('(ADA)MINIMUM'))).toBe(true);
  });
});
