// How every feature writes the audit log: through these functions, in the transaction of the
// change being recorded, so an entry commits (or rolls back) with what it describes. The
// repository behind them is the audit feature's own.
export { recordAudit, recordAuditMany, type AuditEntry } from './audit.repository';
