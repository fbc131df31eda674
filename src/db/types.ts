import type { Knex } from 'knex';

/**
 * The database handle as features see it. Services receive it (to open a transaction and hand
 * it to repositories) but only repositories, db/ and migrations import knex itself.
 */
export type Db = Knex;
/** A transaction opened by a service; repositories take it wherever they take a Db. */
export type Tx = Knex.Transaction;
/** What a repository function accepts: the database or the caller's transaction. */
export type Queryable = Knex | Knex.Transaction;
