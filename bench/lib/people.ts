// Names and job titles for the synthetic organisation (deterministic from the person's index).
const FIRST = [
  'James',
  'Maria',
  'Robert',
  'Patricia',
  'Michael',
  'Jennifer',
  'David',
  'Linda',
  'Carlos',
  'Aisha',
  'Wei',
  'Fatima',
  'Daniel',
  'Keisha',
  'Luis',
  'Priya',
  'Thomas',
  'Ana',
  'Kevin',
  'Grace',
  'Omar',
  'Rosa',
  'Brian',
  'Mei',
  'Andre',
  'Olga',
  'Tyrone',
  'Sofia',
];
const LAST = [
  'Johnson',
  'Garcia',
  'Williams',
  'Nguyen',
  'Brown',
  'Martinez',
  'Kowalski',
  'Patel',
  'Jackson',
  'Rodriguez',
  'Kim',
  'Murphy',
  'Lopez',
  'Okafor',
  'Wilson',
  'Hernandez',
  'Novak',
  'Davis',
  'Chen',
  'Moore',
  'Ali',
  'Taylor',
  'Gonzalez',
  'Walsh',
  'Singh',
  'Reyes',
];

export function personName(index: number): { name: string; email: string } {
  const first = FIRST[index % FIRST.length];
  const last = LAST[Math.floor(index / FIRST.length) % LAST.length];
  return { name: `${first} ${last}`, email: `${first}.${last}.${index + 1}@bench.example.gov`.toLowerCase() };
}

export function jobTitle(level: number, reports: number, classTitle: string): string {
  if (level === 1) return 'Commissioner';
  if (reports > 0) return level <= 3 ? 'Deputy Commissioner' : 'Supervisor';
  return classTitle
    .replace(/\s*\(.*\)$/, '')
    .toLowerCase()
    .replace(/\b\w/g, (c) => c.toUpperCase());
}
