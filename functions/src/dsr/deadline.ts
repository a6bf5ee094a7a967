// One module per function: the package's root re-exports all of date-fns (~250 modules), which
// every cold start of the API would load (docs/performance.md, api.coldImportRatio). `formatISO`
// rather than `format`: `format` brings its token parser and the en-US locale (66 modules, more CPU
// than the other four functions together) to write what `formatISO` writes for a date alone.
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { formatISO } from 'date-fns/formatISO';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';

/**
 * The Art. 12(3) GDPR deadline of a data-subject request, on calendar days (`YYYY-MM-DD`).
 *
 * The rule (Regulation 1182/71 on periods, Art. 3(2)(c), as the EDPB reads it for requests): one
 * month after the day of receipt ends on the same day of the next month (received 9 March → due
 * 9 April); when that month has no such day, on its last day (31 January → 28 February, or 29 in a
 * leap year; 31 March → 30 April). date-fns' `addMonths` clamps exactly so.
 *
 * The extension (Art. 12(3): "by two further months where necessary") adds its months to the
 * original deadline with the same rule, so it is never later than three months from receipt
 * (31 January → 28 February → 28 April, not 30 April). A deadline on a weekend or a public holiday
 * is not moved to the next working day: holidays differ between member states, and a deadline
 * shown earlier than the law's is safe, a later one is not.
 */
export function oneMonthAfter(receivedOn: string): string {
  return monthsAfter(receivedOn, 1);
}

export function extendedDeadline(originalDeadline: string, months: 1 | 2): string {
  return monthsAfter(originalDeadline, months);
}

function monthsAfter(day: string, months: number): string {
  return calendarDay(addMonths(parseDay(day), months));
}

/** A real calendar day as `YYYY-MM-DD` (2026-02-30 is not one); throws otherwise. */
export function parseDay(day: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(day) ? parseISO(day) : new Date(Number.NaN);
  if (!isValid(date) || calendarDay(date) !== day) throw new RangeError('not a calendar day');
  return date;
}

/** `YYYY-MM-DD` of a valid date, in the time zone `parseISO` read it in (the process's: UTC deployed). */
const calendarDay = (date: Date): string => formatISO(date, { representation: 'date' });

export function isCalendarDay(day: string): boolean {
  try {
    parseDay(day);
    return true;
  } catch {
    return false;
  }
}

/** Today as a calendar day: the UTC day of `now` (the console states it). */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Calendar days from `today` to `day` (negative once past). */
export function daysUntil(day: string, today: string): number {
  return differenceInCalendarDays(parseDay(day), parseDay(today));
}

/** Due within this many days counts as "due soon". */
export const DUE_SOON_DAYS = 7;

export type DueState = 'overdue' | 'due_today' | 'due_soon' | 'on_time';

/** How close a deadline is, in words the console shows (not colour alone). */
export function dueState(deadline: string, today: string): { daysLeft: number; state: DueState } {
  const daysLeft = daysUntil(deadline, today);
  const state: DueState = daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'due_today' : daysLeft <= DUE_SOON_DAYS ? 'due_soon' : 'on_time';
  return { daysLeft, state };
}
