import { catalog } from '../core/catalog.js';
import { stampFacts, type Block, type PackDocument, type Stamp } from './pack-document.js';
import type { PackSettings } from './pack-settings.js';
import { retentionWords } from './processing-annex.js';
import { regionFacts } from './sub-processors.js';

const DIRECTORY: Record<PackSettings['directorySource'], string> = {
  google: "Google Workspace: Herald reads the directory daily through Google's Admin SDK, as a delegated admin of the customer",
  microsoft: 'Microsoft 365: Herald reads the directory daily through Microsoft Graph, with the admin consent the customer gave',
  csv: "CSV files an admin uploads: Herald reads nothing from the customer's accounts",
};

/** The platforms in words, from the tenant's settings and bindings. */
function platforms(s: PackSettings): string[] {
  const out: string[] = [];
  if (s.mailPlatforms.gmailSignatures) out.push("Gmail: Herald writes each employee's signature into their Gmail settings (Gmail API, on the customer's delegation)");
  if (s.mailPlatforms.gmailAddon) out.push("Gmail compose add-on: while an employee writes, Google sends Herald the employee's address and the draft's recipients' addresses (never the body or subject); Herald inserts the banner and stores nothing of the draft");
  if (s.mailPlatforms.outlookAddin) out.push("Outlook add-in: the employee's Outlook fetches their signature from Herald when they write an email (the day of use is counted)");
  return out.length ? out : ['None connected yet: signatures are copied by employees themselves; no mail platform sends data to Herald'];
}

/**
 * A draft data protection impact assessment (GDPR Art. 35(7)) for this tenant: the processing as
 * the tenant set it up (directory source, mail platforms, recipient tracking, retention, region),
 * the risks that follow from those settings, and the measures that answer them. The controller
 * completes and signs it.
 */
export function dpiaDocument(s: PackSettings, stamp: Stamp): PackDocument {
  const region = regionFacts(s.region);
  const tracking = s.recipientTracking.enabled;
  const recipientRetention = retentionWords(catalog.recipientClicks.retention, s);
  const auditRetention = retentionWords(catalog.audit.retention, s);
  const risks: string[][] = [
    [
      'Employees feel monitored: views and clicks of their banners are counted per employee',
      'Counts only (no content of their email, no recipient unless the customer opts in); an employee\'s counts are erased with the employee',
      'Low',
    ],
    tracking
      ? [
          "External recipients' clicks are attributed to them (recipient tracking is ON)",
          `Only with exactly one external recipient on a Gmail draft; the address is sealed (AES-256-GCM) and kept ${recipientRetention}; each recipient can be erased by address; the controller must inform recipients and weigh its legitimate interest`,
          'Medium',
        ]
      : ["External recipients' clicks attributed to them", 'Not applicable: recipient tracking is OFF, no recipient address is stored', 'None'],
    [
      'A member of staff misuses access to employee data',
      `Roles with least privilege; every administrative action audited and kept ${auditRetention}; monthly access review`,
      'Low',
    ],
    s.region === 'eu'
      ? ['Data leaves the European Union', `Stored and processed in ${region.label} (database: ${region.firestore}); sign-in accounts are held by Firebase Authentication, a global Google service`, 'Low']
      : [
          'Data of people in the European Union is processed in the United States',
          `Stored and processed in ${region.label} (database: ${region.firestore}); the controller must rely on a transfer mechanism (EU-US Data Privacy Framework or standard contractual clauses with Google) if it has staff in the EU`,
          'Medium',
        ],
    s.directorySource === 'csv'
      ? ['Directory data out of date or over-collected', 'Only the eight directory fields are read from the uploaded file; an admin replaces the file to correct it', 'Low']
      : ['Directory access broader than needed', `Herald reads only the eight directory fields it renders, from the ${s.directorySource === 'google' ? 'Google Workspace customer' : 'Microsoft Entra tenant'} the customer proved it owns, and only users of its verified domains`, 'Low'],
  ];
  const blocks: Block[] = [
    stampFacts(stamp),
    { kind: 'paragraph', text: `Draft for ${s.tenantName}, the controller, to review, complete and sign. It describes the processing as this tenant has set Herald up; a change of these settings changes the settings hash above and this draft.` },
    { kind: 'heading', text: '1. Description of the processing (Art. 35(7)(a))' },
    {
      kind: 'facts',
      items: [
        ['Purpose', "Render and deploy employees' email signatures with the company's banners, and report how the banners perform"],
        ['Directory source', DIRECTORY[s.directorySource]],
        ['Recipient tracking', tracking ? `ON: clicks by a single external recipient of a Gmail draft are attributed to that recipient, kept ${recipientRetention}` : 'OFF: clicks are counted per campaign and employee only; no recipient is identified'],
        ['Audit log retention', auditRetention],
        ['Region', `${region.label}; database ${region.firestore}`],
      ],
    },
    { kind: 'paragraph', text: 'Mail platforms:' },
    { kind: 'list', items: platforms(s) },
    { kind: 'heading', text: '2. Necessity and proportionality (Art. 35(7)(b))' },
    {
      kind: 'list',
      items: [
        'Data minimisation: eight directory fields; banner views and clicks as counts; logs carry identifiers and counts only.',
        `Storage limitation: audit entries ${auditRetention}; recipient clicks ${recipientRetention}; everything else as the processing annex states.`,
        "Data subjects' rights: employees export their own data from the console; admins export or erase a person's data, and every erasure leaves a certificate.",
      ],
    },
    { kind: 'heading', text: '3. Risks to the rights and freedoms of data subjects (Art. 35(7)(c))' },
    { kind: 'table', head: ['Risk', 'What reduces it', 'Residual risk (draft)'], rows: risks },
    { kind: 'heading', text: '4. Measures envisaged (Art. 35(7)(d))' },
    { kind: 'paragraph', text: "The technical and organisational measures document of this pack lists the measures Herald's code applies. To be added by the controller: its own measures (staff information, who holds the admin role, its contacts)." },
    { kind: 'heading', text: 'To complete by the controller' },
    { kind: 'list', items: ["The data protection officer's advice (Art. 35(2))", "The views of data subjects or their representatives, where appropriate (Art. 35(9))", 'The conclusion, its date and who signs it'] },
  ];
  return { id: 'dpia', title: 'Data protection impact assessment (GDPR Art. 35): draft', blocks };
}
