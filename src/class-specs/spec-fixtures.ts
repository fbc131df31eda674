// The real class specs used by the parser's tests and benchmark. The lead copies them into
// seeds/class-specs/; before that they are only in the shared folder next to the repo.
import fs from 'node:fs';
import path from 'node:path';

export const SHARED_SPEC_FILES = [
  'senior-security-engineer.txt',
  'chief-information-security-officer.txt',
  'it-engineer.txt',
] as const;
export type SharedSpecFile = (typeof SHARED_SPEC_FILES)[number];

export function classSpecsDir(): string {
  const inRepo = path.resolve(__dirname, '../../seeds/class-specs');
  if (SHARED_SPEC_FILES.every((f) => fs.existsSync(path.join(inRepo, f)))) return inRepo;
  return path.resolve(__dirname, '../../../shared/class-specs');
}

export function readSharedSpec(file: SharedSpecFile): string {
  return fs.readFileSync(path.join(classSpecsDir(), file), 'utf8');
}
