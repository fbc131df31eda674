// The database errors the app reacts to, recognised the same way on SQLite and PostgreSQL, so no
// feature matches driver codes or message texts itself.

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

const asDriverError = (err: unknown): DriverError => (typeof err === 'object' && err !== null ? err : {});

/** A unique index refused the row (PostgreSQL 23505; SQLite SQLITE_CONSTRAINT_UNIQUE / "UNIQUE constraint failed"). */
export function isUniqueViolation(err: unknown): boolean {
  const e = asDriverError(err);
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (e.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/i.test(e.message ?? ''))
  );
}

/** A foreign key refused the change (PostgreSQL 23503; SQLite "FOREIGN KEY constraint failed"). */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = asDriverError(err);
  return (
    e.code === '23503' ||
    e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    (e.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY constraint failed/i.test(e.message ?? ''))
  );
}

/**
 * The database cannot store anything more: disk full (SQLite SQLITE_FULL "database or disk is
 * full", PostgreSQL 53100 disk_full / 53200 out_of_memory / 53300 too_many_connections count as
 * "cannot store data right now" too) or a read-only file system (SQLITE_READONLY, SQLITE_IOERR).
 */
export function isStorageUnavailable(err: unknown): boolean {
  const e = asDriverError(err);
  return (
    e.code === 'SQLITE_FULL' ||
    e.code === 'SQLITE_READONLY' ||
    e.code === 'SQLITE_IOERR' ||
    e.code === 'ENOSPC' ||
    e.code === '53100' ||
    e.code === '53200' ||
    e.code === '53300' ||
    /database or disk is full/i.test(e.message ?? '')
  );
}
