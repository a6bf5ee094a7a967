import { describe, expect, it } from 'vitest';
import { toCsv } from '../../functions/src/tracking/report-csv.js';
import { reportRange } from '../../functions/src/tracking/campaign-report.js';

describe('toCsv', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    const csv = toCsv(['name', 'clicks'], [
      ['Spring, "big" launch', 3],
      ['=HYPERLINK("http://evil.example")', 0],
      ['+1', null],
    ]);
    expect(csv.split('\r\n')).toEqual(['name,clicks', '"Spring, ""big"" launch",3', `"'=HYPERLINK(""http://evil.example"")",0`, "'+1,", '']);
  });

  it('quotes values containing ; for spreadsheets in ;-delimited locales', () => {
    const csv = toCsv(['name', 'clicks'], [['Sales; EMEA', 2]]);
    expect(csv.split('\r\n')[1]).toBe('"Sales; EMEA",2');
  });
});

describe('reportRange', () => {
  const today = new Date('2026-03-10T15:00:00Z');
  it('defaults to the 30 days ending today', () => {
    const r = reportRange({}, today);
    expect([r.from, r.to, r.days.length]).toEqual(['2026-02-09', '2026-03-10', 30]);
  });
  it('covers every calendar day of the range, across month ends', () => {
    expect(reportRange({ from: '2026-02-27', to: '2026-03-02' }, today).days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
  it('refuses more than 366 days', () => {
    expect(() => reportRange({ from: '2024-01-01', to: '2026-01-01' }, today)).toThrow(/366 days/);
  });
});
