import { describe, expect, it } from 'vitest';
import { REDACTED, redactDetails } from './audit-redaction';

describe('audit details as HR sees them', () => {
  it('hides a rating change but keeps which item changed', () => {
    const out = JSON.parse(redactDetails('rating.changed', JSON.stringify({ itemId: 152, from: null, to: 0, evidenceChanged: true }))!);
    expect(out).toEqual({ itemId: 152, from: REDACTED, to: REDACTED, evidenceChanged: true });
  });

  it('hides figures and comments of submissions, reviews and returns', () => {
    expect(JSON.parse(redactDetails('review.finalised', JSON.stringify({ readiness: 71.4, coverage: 80 }))!)).toEqual({
      readiness: REDACTED,
      coverage: REDACTED,
    });
    expect(JSON.parse(redactDetails('assessment.returned', JSON.stringify({ comment: 'Please add evidence' }))!)).toEqual({
      comment: REDACTED,
    });
    const submitted = JSON.parse(
      redactDetails('assessment.submitted', JSON.stringify({ classSpecId: 2, versionId: 3, readiness: 50, coverage: 60 }))!,
    );
    expect(submitted).toEqual({ classSpecId: 2, versionId: 3, readiness: REDACTED, coverage: REDACTED });
    expect(
      JSON.parse(redactDetails('rating.supervisor_changed', JSON.stringify({ itemId: 1, from: 2, to: 3, commentChanged: true }))!),
    ).toEqual({
      itemId: 1,
      from: REDACTED,
      to: REDACTED,
      commentChanged: true,
    });
  });

  it('hides what a development-plan entry says', () => {
    const out = JSON.parse(
      redactDetails(
        'plan.action_added',
        JSON.stringify({ actionId: 4, itemId: 9, status: 'planned', programId: 2, targetDate: '2027-01-31' }),
      )!,
    );
    expect(out).toEqual({ actionId: 4, itemId: 9, status: REDACTED, programId: 2, targetDate: REDACTED });
  });

  it('hides the wording of a removed development-plan entry', () => {
    const out = JSON.parse(
      redactDetails('plan.action_removed', JSON.stringify({ actionId: 4, itemId: 9, description: 'Shadow the CISO' }))!,
    );
    expect(out).toEqual({ actionId: 4, itemId: 9, description: REDACTED });
  });

  it('keeps administrative changes that are HR’s own business', () => {
    const roles = JSON.stringify({ from: ['employee'], to: ['admin', 'employee'] });
    expect(redactDetails('user.roles_changed', roles)).toBe(roles);
    const changes = JSON.stringify({ changes: { department: { from: 'A', to: 'B' } } });
    expect(redactDetails('user.updated', changes)).toBe(changes);
  });

  it('hides sensitive keys nested anywhere and unparseable assessment details', () => {
    expect(JSON.parse(redactDetails('org.imported', JSON.stringify({ a: { comment: 'x', n: 1 } }))!)).toEqual({
      a: { comment: REDACTED, n: 1 },
    });
    expect(redactDetails('rating.changed', 'not json')).toBe(REDACTED);
    expect(redactDetails('user.created', 'not json')).toBe('not json');
    expect(redactDetails('rating.changed', null)).toBeNull();
  });
});
