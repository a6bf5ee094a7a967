import type { IncidentFacts, IncidentList, IncidentView } from './list-incidents.js';

/**
 * A tenant's incidents for its own records (Art. 33(5) documentation): JSON as listed, or a
 * document a person reads (Markdown), each incident with its full timeline.
 */
export function incidentsJson(tenantName: string, list: IncidentList, exportedAt: Date): string {
  return JSON.stringify({ organisation: tenantName, exportedAt: exportedAt.toISOString(), incidents: list.incidents }, null, 2);
}

const when = (iso: string) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'not recorded');
const count = (n: number | null | undefined) => (n === null || n === undefined ? 'not known yet' : `about ${n.toLocaleString('en-GB')}`);

export function incidentsMarkdown(tenantName: string, list: IncidentList, exportedAt: Date): string {
  const out = [`# Security incidents notified by Herald: ${tenantName}`, '', `Exported ${when(exportedAt.toISOString())}. ${list.incidents.length} incident${list.incidents.length === 1 ? '' : 's'}.`, ''];
  if (!list.incidents.length) out.push('Herald has notified no personal-data breach affecting this organisation.', '');
  for (const i of list.incidents) out.push(...incident(i));
  return out.join('\n');
}

function incident(i: IncidentView): string[] {
  return [
    `## ${i.title} (${i.id})`,
    '',
    `- Status: ${i.current.status}`,
    `- Detected: ${when(i.detectedAt)}`,
    `- Recorded by Herald: ${when(i.recordedAt)}`,
    `- Notified to this organisation: ${when(i.notifiedAt)}`,
    `- Contact point: ${i.contact.name}, ${i.contact.email}${i.contact.phone ? `, ${i.contact.phone}` : ''}`,
    '',
    '### What happened',
    '',
    i.whatHappened,
    '',
    '### As first notified',
    '',
    ...facts(i.initial),
    '',
    ...(i.updates.length
      ? [
          '### Updates',
          '',
          ...i.updates.flatMap((u) => [
            `#### ${when(u.at)} (notified ${when(u.notifiedAt)})`,
            '',
            u.summary,
            '',
            ...(u.status ? [`- Status: ${u.status}`] : []),
            ...(u.changes.categories ? [`- Data categories: ${u.changes.categories.map((c) => c.label).join('; ')}`] : []),
            ...(u.changes.approxPeople !== undefined ? [`- People concerned: ${count(u.changes.approxPeople)}`] : []),
            ...(u.changes.approxRecords !== undefined ? [`- Records concerned: ${count(u.changes.approxRecords)}`] : []),
            ...(u.changes.likelyConsequences !== undefined ? [`- Likely consequences: ${u.changes.likelyConsequences}`] : []),
            ...(u.changes.measures !== undefined ? [`- Measures: ${u.changes.measures}`] : []),
            '',
          ]),
          '### As it stands',
          '',
          ...facts(i.current),
          '',
        ]
      : []),
  ];
}

function facts(f: IncidentFacts): string[] {
  return [
    `- Data categories: ${f.categories.map((c) => c.label).join('; ')}`,
    `- People concerned: ${count(f.approxPeople)}`,
    `- Records concerned: ${count(f.approxRecords)}`,
    `- Likely consequences: ${f.likelyConsequences}`,
    `- Measures taken or proposed: ${f.measures}`,
  ];
}
