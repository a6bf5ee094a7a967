/**
 * The modelled tenant of the cost bench (docs/performance.md#the-cost-of-a-customer): what one month
 * of a customer with `employees` people does. Every number is an assumption, stated once here.
 */
export const MODEL = {
  /** Days the schedules run (directory sync, signature deployment, retention, search keys). */
  daysPerMonth: 30,
  /** Days people send mail. */
  workingDaysPerMonth: 22,
  /** External mails an employee sends a working day with the signature's banner. */
  mailsPerEmployeeDay: 10,
  /** Banner fetches per mail sent: recipients who display images (Outlook blocks them by default, Gmail's proxy fetches once). */
  shareDisplayed: 0.5,
  /** Clicks per displayed banner. */
  ctr: 0.01,
  /** Hours of a working day over which the day's views arrive (sets the arrival rate, which sets how views share commits). */
  busyHours: 10,
  /** Share of the directory whose fields change at the source each day (titles, phones). */
  changedPerDay: 0.003,
  /** Joiners and leavers a day, each (≈ 12 % a year); at least one of each a day. */
  joinersPerDay: 0.0004,
  leaversPerDay: 0.0004,
  /** Template edits and campaign changes a month: each pushes every Gmail signature again. */
  signatureChangesPerMonth: 3,
  /** Campaign reports an admin opens a month (a per-tenant line, not per employee). */
  reportViewsPerMonth: 30,
  /** Whole-tenant exports a month (Art. 20, or a customer's own backup). */
  tenantExportsPerMonth: 1,
  /** Art. 15 exports of one employee's data a month, per 1,000 employees. */
  userExportsPer1000PerMonth: 1,
} as const;

export function monthlyEvents(employees: number) {
  const views = employees * MODEL.mailsPerEmployeeDay * MODEL.shareDisplayed * MODEL.workingDaysPerMonth;
  return {
    views,
    clicks: views * MODEL.ctr,
    /** Views (and clicks) a second over the busy hours of a working day. */
    hitsPerSecond: (views * (1 + MODEL.ctr)) / MODEL.workingDaysPerMonth / (MODEL.busyHours * 3600),
    days: MODEL.daysPerMonth,
    changedPerDay: Math.round(employees * MODEL.changedPerDay),
    joinersPerDay: Math.max(1, Math.round(employees * MODEL.joinersPerDay)),
    leaversPerDay: Math.max(1, Math.round(employees * MODEL.leaversPerDay)),
    signatureChanges: MODEL.signatureChangesPerMonth,
    reportViews: MODEL.reportViewsPerMonth,
    tenantExports: MODEL.tenantExportsPerMonth,
    userExports: (employees / 1000) * MODEL.userExportsPer1000PerMonth,
  };
}
