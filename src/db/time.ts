// Repositories stamp and read timestamps with the core date helpers.
export { nowIso, toDate, toIso } from '../core/dates';
