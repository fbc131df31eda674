/** The six-point proficiency scale (after the U.S. OPM scale), shown at every rating control. */
export interface ScaleLevel {
  level: number;
  name: string;
  description: string;
}

export const SCALE: ScaleLevel[] = [
  { level: 0, name: 'None', description: 'No knowledge or experience yet' },
  { level: 1, name: 'Awareness', description: 'Knows the basics; applies them only in the simplest situations, with close guidance' },
  { level: 2, name: 'Basic', description: 'Applies it in somewhat difficult situations; needs frequent guidance' },
  { level: 3, name: 'Intermediate', description: 'Applies it in difficult situations; needs occasional guidance' },
  {
    level: 4,
    name: 'Advanced',
    description: 'Applies it in considerably difficult situations; works with little or no guidance and helps others',
  },
  { level: 5, name: 'Expert', description: 'Handles exceptionally difficult situations; is a key resource who advises others' },
];

export const CATEGORY_LABELS = {
  knowledge: 'Knowledge',
  skill: 'Skills',
  ability: 'Abilities',
  competency: 'Competencies',
} as const;

export const QUALIFIER_LABELS = {
  comprehensive: 'Comprehensive knowledge of',
  considerable: 'Considerable knowledge of',
  moderate: 'Moderate knowledge of',
} as const;

export function levelLabel(level: number | null | undefined): string {
  if (level == null) return 'Not rated';
  const s = SCALE[level];
  return s ? `${s.level} – ${s.name}` : String(level);
}

export const EVIDENCE_MAX = 2000;
