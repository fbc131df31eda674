import { describe, expect, it } from 'vitest';
import { identityFromClaims, matchSsoPerson } from './sso-match';

const acct = (id: number, employeeId: string | null = null, active = true) => ({ id, email: `p${id}@example.gov`, employeeId, active });

describe('matchSsoPerson', () => {
  it('signs in the account of the employee ID, whatever the email says when it matches no one else', () => {
    expect(matchSsoPerson({ employeeId: 'E1', email: 'x@idp' }, { byEmployeeId: acct(1, 'E1'), byEmail: null }, false)).toEqual({
      outcome: 'sign_in',
      userId: 1,
    });
  });

  it('signs in by a verified email when there is no employee ID match', () => {
    expect(matchSsoPerson({ employeeId: null, email: 'p2@example.gov' }, { byEmployeeId: null, byEmail: acct(2) }, false)).toEqual({
      outcome: 'sign_in',
      userId: 2,
    });
  });

  it('signs in when both point at the same account', () => {
    expect(
      matchSsoPerson({ employeeId: 'E3', email: 'p3@example.gov' }, { byEmployeeId: acct(3, 'E3'), byEmail: acct(3, 'E3') }, false),
    ).toEqual({ outcome: 'sign_in', userId: 3 });
  });

  it('refuses two different accounts', () => {
    expect(matchSsoPerson({ employeeId: 'E4', email: 'p5@example.gov' }, { byEmployeeId: acct(4, 'E4'), byEmail: acct(5) }, true)).toEqual({
      outcome: 'refuse',
      reason: 'ambiguous',
      userIds: [4, 5],
    });
  });

  it('refuses an email match whose account holds another employee ID than the claim', () => {
    expect(matchSsoPerson({ employeeId: 'E9', email: 'p6@example.gov' }, { byEmployeeId: null, byEmail: acct(6, 'E6') }, true)).toEqual({
      outcome: 'refuse',
      reason: 'ambiguous',
      userIds: [6],
    });
  });

  it('refuses an unknown person unless accounts may be created, and then only with a verified email', () => {
    const none = { byEmployeeId: null, byEmail: null };
    expect(matchSsoPerson({ employeeId: 'E7', email: 'new@idp' }, none, false)).toMatchObject({ outcome: 'refuse', reason: 'unknown' });
    expect(matchSsoPerson({ employeeId: 'E7', email: 'new@idp' }, none, true)).toEqual({ outcome: 'create' });
    expect(matchSsoPerson({ employeeId: 'E7', email: null }, none, true)).toMatchObject({ outcome: 'refuse', reason: 'unknown' });
  });

  it('refuses a deactivated account', () => {
    expect(matchSsoPerson({ employeeId: 'E8', email: null }, { byEmployeeId: acct(8, 'E8', false), byEmail: null }, true)).toEqual({
      outcome: 'refuse',
      reason: 'deactivated',
      userIds: [8],
    });
  });
});

describe('identityFromClaims', () => {
  it('reads the configured employee ID claim (string or number) and only a verified email', () => {
    expect(identityFromClaims({ employeeid: 1234, email: 'A@Example.gov', email_verified: true }, 'employeeid')).toEqual({
      employeeId: '1234',
      email: 'a@example.gov',
    });
    expect(identityFromClaims({ employee_id: ' E1 ', email: 'a@example.gov', email_verified: 'true' }, 'employee_id')).toEqual({
      employeeId: 'E1',
      email: null,
    });
    expect(identityFromClaims({ employee_id: { nested: true } }, 'employee_id')).toEqual({ employeeId: null, email: null });
  });
});
