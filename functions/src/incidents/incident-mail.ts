import type { IncidentDoc, IncidentUpdateDoc } from '../core/schemas/incident.js';
import { categoryLabel } from './incident-input.js';
import type { OwnerMail } from '../mail/queue-owner-mail.js';

/**
 * The mails to a tenant's owners: the incident's facts and the three times that show it was
 * notified without undue delay (detected, recorded by Herald, notified to them). Counts and
 * categories only: no employee's name, address or id is ever in them.
 */
export function incidentMail(incidentId: string, i: IncidentDoc): OwnerMail {
  return {
    kind: 'incident',
    ref: incidentId,
    subject: `Herald security incident ${incidentId}: ${i.title}`,
    text: [
      'Herald, your processor, informs you of a personal-data breach that affects your organisation (GDPR Art. 33(2)).',
      '',
      `Reference: ${incidentId}`,
      `Title: ${i.title}`,
      '',
      'What happened:',
      i.whatHappened,
      '',
      `Detected at: ${utc(i.detectedAt)}`,
      `Recorded by Herald at: ${utc(i.recordedAt)}`,
      `Notified to you at: ${utc(i.notifiedAt)}`,
      '',
      `Data categories concerned: ${i.categories.map(categoryLabel).join('; ')}`,
      `Approximate number of people concerned: ${count(i.approxPeople)}`,
      `Approximate number of records concerned: ${count(i.approxRecords)}`,
      '',
      'Likely consequences:',
      i.likelyConsequences,
      '',
      'Measures taken or proposed:',
      i.measures,
      '',
      ...contactLines(i),
      '',
      ...footer(),
    ].join('\n'),
  };
}

export function incidentUpdateMail(incidentId: string, updateId: string, head: IncidentDoc, u: IncidentUpdateDoc): OwnerMail {
  const c = u.changes;
  const revised = [
    ...(u.status ? [`Status: ${u.status}`] : []),
    ...(c.categories ? [`Data categories concerned: ${c.categories.map(categoryLabel).join('; ')}`] : []),
    ...(c.approxPeople !== undefined ? [`Approximate number of people concerned: ${count(c.approxPeople)}`] : []),
    ...(c.approxRecords !== undefined ? [`Approximate number of records concerned: ${count(c.approxRecords)}`] : []),
    ...(c.likelyConsequences ? ['Likely consequences:', c.likelyConsequences] : []),
    ...(c.measures ? ['Measures taken or proposed:', c.measures] : []),
  ];
  return {
    kind: 'incident_update',
    ref: `${incidentId}-${updateId}`,
    subject: `Herald security incident ${incidentId}: update`,
    text: [
      `Herald, your processor, adds an update to the personal-data breach ${incidentId} ("${head.title}"), which affects your organisation (GDPR Art. 33(4)).`,
      '',
      'Update:',
      u.summary,
      '',
      ...(revised.length ? ['Revised facts:', ...revised, ''] : []),
      `Incident detected at: ${utc(head.detectedAt)}`,
      `Update recorded by Herald at: ${utc(u.at)}`,
      `Update notified to you at: ${utc(u.notifiedAt)}`,
      '',
      ...contactLines(head),
      '',
      ...footer(),
    ].join('\n'),
  };
}

function contactLines(i: IncidentDoc): string[] {
  return ['Contact point for this incident:', `${i.contact.name}, ${i.contact.email}${i.contact.phone ? `, ${i.contact.phone}` : ''}`];
}

function footer(): string[] {
  return [
    'As controller, you decide whether to notify your supervisory authority (Art. 33) and the people concerned (Art. 34).',
    'The Herald console lists this incident with its timeline under Privacy, Security incidents, where you can export it.',
  ];
}

function count(n: number | null | undefined): string {
  return n === null || n === undefined ? 'not known yet' : `about ${n.toLocaleString('en-GB')}`;
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : (value as { toDate(): Date }).toDate();
}

/** "2026-12-01 08:30 UTC" */
export function utc(value: unknown): string {
  return `${toDate(value).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
