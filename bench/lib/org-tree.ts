import { randInt } from './args';

// Builds a realistic reporting structure in memory: departments of varied size, each a tree 5–7
// levels deep in which every supervisor has 3–15 direct reports. Pure (given the random source).

export interface Person {
  index: number; // 0-based, also the insertion order (so ids are index + first id)
  supervisor: number | null; // index of the supervisor
  department: string;
  level: number; // 1 = department head
  reports: number;
}

const DEPARTMENTS: [string, number][] = [
  ['Police', 40],
  ['Fire', 16],
  ['Streets and Sanitation', 8],
  ['Water Management', 7],
  ['Aviation', 6],
  ['Transportation', 4],
  ['Public Health', 3],
  ['Family and Support Services', 2],
  ['Public Library', 2],
  ['Finance', 2],
  ['Buildings', 1.5],
  ['Planning and Development', 1],
  ['Law', 1.2],
  ['Technology and Innovation', 1],
  ['Fleet and Facility Management', 3],
  ['Human Resources', 0.5],
  ['Procurement Services', 0.4],
  ['Emergency Management and Communications', 2],
  ['Cultural Affairs', 0.3],
  ['Animal Care and Control', 0.3],
];

/** Splits `total` into `parts` whole numbers between min and max (as even as the total allows, jittered). */
function spread(r: () => number, total: number, parts: number, min: number, max: number): number[] {
  const out = new Array<number>(parts).fill(Math.floor(total / parts));
  let rest = total - out[0] * parts;
  for (let i = 0; rest > 0; i = (i + 1) % parts, rest--) out[i]++;
  // Jitter: move people between random pairs while both stay within bounds.
  for (let k = 0; k < parts * 2; k++) {
    const a = randInt(r, 0, parts - 1);
    const b = randInt(r, 0, parts - 1);
    const n = randInt(r, 1, 3);
    if (a !== b && out[a] - n >= min && out[b] + n <= max) {
      out[a] -= n;
      out[b] += n;
    }
  }
  return out;
}

/** Branching factor b with 1 + b + … + b^(depth-1) ≈ size, between 3 and 15. */
function branching(size: number, depth: number): number {
  const total = (x: number) => Array.from({ length: depth }, (_, k) => x ** k).reduce((s, v) => s + v, 0);
  let b = 3;
  while (total(b) < size && b < 15) b += 0.05;
  return b;
}

export function buildOrg(r: () => number, employees: number): { people: Person[]; teamSupervisor: number } {
  const weightSum = DEPARTMENTS.reduce((s, [, w]) => s + w, 0);
  const sizes = DEPARTMENTS.map(([, w]) => Math.max(8, Math.floor((employees * w) / weightSum)));
  // Whatever rounding left over goes to the largest department; tiny organisations drop departments.
  let diff = employees - sizes.reduce((s, v) => s + v, 0);
  while (diff < 0) {
    const i = sizes.findIndex((s) => s > 0 && s === Math.min(...sizes.filter((x) => x > 0)));
    const cut = Math.min(-diff, sizes[i]);
    sizes[i] -= cut;
    diff += cut;
    if (sizes[i] < 8) {
      diff += sizes[i];
      sizes[i] = 0;
    }
  }
  sizes[0] += diff;

  const people: Person[] = [];
  let teamSupervisor = -1;
  DEPARTMENTS.forEach(([department], d) => {
    const size = sizes[d];
    if (size <= 0) return;
    const depth = size < 40 ? Math.min(3, size) : size < 400 ? 5 : randInt(r, 5, 7);
    const b = branching(size, depth);
    let current = [people.length];
    people.push({ index: people.length, supervisor: null, department, level: 1, reports: 0 });
    let left = size - 1;
    for (let l = 1; left > 0; l++) {
      // Each level grows by b; the last planned level takes everyone left (up to 15 per supervisor,
      // the rest go one level further down). Fewer than 3 per supervisor: only some supervise.
      let n = l >= depth - 1 ? left : Math.min(left, Math.round(current.length * b));
      n = Math.min(n, current.length * 15);
      const supervisors = current.slice(0, Math.max(1, Math.min(current.length, Math.floor(n / 3))));
      const counts = spread(r, n, supervisors.length, 3, 15);
      // The first front-line team of the largest department has exactly 15 people (benchmarked).
      if (n === left && teamSupervisor === -1 && counts.length > 1) {
        for (let j = 1; j < counts.length && counts[0] < 15; j++) {
          const give = Math.min(15 - counts[0], counts[j] - 3);
          if (give > 0) {
            counts[j] -= give;
            counts[0] += give;
          }
        }
        if (counts[0] === 15) teamSupervisor = supervisors[0];
      }
      const next: number[] = [];
      supervisors.forEach((sup, i) => {
        for (let k = 0; k < counts[i]; k++) {
          const index = people.length;
          people.push({ index, supervisor: sup, department, level: l + 1, reports: 0 });
          people[sup].reports++;
          next.push(index);
        }
      });
      left -= n;
      current = next;
    }
  });
  if (teamSupervisor === -1) teamSupervisor = people.reduce((best, p) => (p.reports > people[best].reports ? p.index : best), 0);
  return { people, teamSupervisor };
}
