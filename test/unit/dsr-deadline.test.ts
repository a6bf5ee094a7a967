import { describe, expect, it } from 'vitest';
import { dayOf, dueState, extendedDeadline, isCalendarDay, oneMonthAfter } from '../../functions/src/dsr/deadline.js';

describe('the Art. 12(3) deadline of a data-subject request', () => {
  it('ends on the same day of the next month', () => {
    expect(oneMonthAfter('2026-03-09')).toBe('2026-04-09');
    expect(oneMonthAfter('2026-12-15')).toBe('2027-01-15');
    expect(oneMonthAfter('2026-01-28')).toBe('2026-02-28');
  });

  it('ends on the last day of the next month when it has no such day', () => {
    expect(oneMonthAfter('2026-01-31')).toBe('2026-02-28');
    expect(oneMonthAfter('2028-01-31')).toBe('2028-02-29');
    expect(oneMonthAfter('2028-01-30')).toBe('2028-02-29');
    expect(oneMonthAfter('2026-03-31')).toBe('2026-04-30');
    expect(oneMonthAfter('2026-05-31')).toBe('2026-06-30');
    expect(oneMonthAfter('2026-08-31')).toBe('2026-09-30');
  });

  it('extends from the original deadline by one or two further months, never beyond three months from receipt', () => {
    expect(extendedDeadline(oneMonthAfter('2026-03-09'), 2)).toBe('2026-06-09');
    expect(extendedDeadline(oneMonthAfter('2026-03-09'), 1)).toBe('2026-05-09');
    // 31 January → 28 February → 28 April (three months from receipt would be 30 April).
    expect(extendedDeadline(oneMonthAfter('2026-01-31'), 2)).toBe('2026-04-28');
    expect(extendedDeadline(oneMonthAfter('2026-11-30'), 2)).toBe('2027-02-28');
    expect(extendedDeadline(oneMonthAfter('2027-11-30'), 2)).toBe('2028-02-29');
  });

  it('is not moved by a weekend: 2026-01-31 is a Saturday and 2026-02-28 too', () => {
    expect(new Date('2026-02-28T00:00:00Z').getUTCDay()).toBe(6);
    expect(oneMonthAfter('2026-01-31')).toBe('2026-02-28');
  });

  it('accepts only days of the calendar', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-04-31')).toBe(false);
    expect(isCalendarDay('2026-4-1')).toBe(false);
    expect(() => oneMonthAfter('2026-02-30')).toThrow();
  });

  it('says overdue, due today, due within 7 days or on time, counted in calendar days from the UTC day', () => {
    expect(dayOf(new Date('2026-12-02T23:30:00Z'))).toBe('2026-12-02');
    expect(dueState('2026-12-01', '2026-12-02')).toEqual({ daysLeft: -1, state: 'overdue' });
    expect(dueState('2026-12-02', '2026-12-02')).toEqual({ daysLeft: 0, state: 'due_today' });
    expect(dueState('2026-12-09', '2026-12-02')).toEqual({ daysLeft: 7, state: 'due_soon' });
    expect(dueState('2026-12-10', '2026-12-02')).toEqual({ daysLeft: 8, state: 'on_time' });
    // Across a daylight-saving change and a year end.
    expect(dueState('2027-04-01', '2027-03-01')).toEqual({ daysLeft: 31, state: 'on_time' });
    expect(dueState('2027-01-03', '2026-12-30')).toEqual({ daysLeft: 4, state: 'due_soon' });
  });
});
