import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { REGIONS } from '../core/regions.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import { versionText, type CodeVersion } from './code-version.js';
import type { CodeFacts } from './code-facts.js';
import { dpiaDocument } from './dpia.js';
import type { PackDocument, Stamp } from './pack-document.js';
import { documentMarkdown, packMarkdown } from './pack-markdown.js';
import { packPdf } from './pack-pdf.js';
import { PACK_DOCUMENTS, type PackDocumentId, type PackFormat } from './pack-ids.js';
import { packSettingsOf, settingsHash, type PackSettings } from './pack-settings.js';
import { annexDocument } from './processing-annex.js';
import { measuresDocument } from './security-measures.js';
import { subProcessorsDocument } from './sub-processors.js';


export interface PackInputs {
  settings: PackSettings;
  version: CodeVersion;
  facts: CodeFacts;
}

export interface CompliancePack {
  stamp: Stamp;
  documents: PackDocument[];
}

/** GET /api/compliance/pack: what the pack holds and what it was made from. */
export interface CompliancePackView {
  codeVersion: string;
  settingsHash: string;
  documents: { id: PackDocumentId; title: string }[];
}

/** Pure: the same inputs give the same documents. */
export function buildPack({ settings, version, facts }: PackInputs): CompliancePack {
  const stamp: Stamp = { controller: settings.tenantName, regionLabel: REGIONS[settings.region].label, codeVersion: versionText(version), settingsHash: settingsHash(settings) };
  const documents: Record<PackDocumentId, PackDocument> = {
    'sub-processors': subProcessorsDocument(settings.region, stamp),
    'security-measures': measuresDocument(facts, stamp),
    'processing-annex': annexDocument(settings, stamp),
    dpia: dpiaDocument(settings, stamp),
  };
  return { stamp, documents: PACK_DOCUMENTS.map((id) => documents[id]) };
}

export function packView(pack: CompliancePack): CompliancePackView {
  return { codeVersion: pack.stamp.codeVersion, settingsHash: pack.stamp.settingsHash, documents: pack.documents.map((d) => ({ id: d.id as PackDocumentId, title: d.title })) };
}

export interface PackFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** One document, or the whole pack (`all`), as a file. */
export async function packFile(pack: CompliancePack, which: PackDocumentId | 'all', format: PackFormat): Promise<PackFile> {
  const docs = which === 'all' ? pack.documents : pack.documents.filter((d) => d.id === which);
  const stem = `herald-${which === 'all' ? 'compliance-pack' : which}-${pack.stamp.settingsHash.slice(0, 12)}`;
  if (format === 'markdown') {
    const text = which === 'all' ? packMarkdown(docs) : documentMarkdown(docs[0]!);
    return { name: `${stem}.md`, contentType: 'text/markdown; charset=utf-8', data: Buffer.from(text, 'utf8') };
  }
  const title = which === 'all' ? `Compliance pack — ${pack.stamp.controller}` : docs[0]!.title;
  return { name: `${stem}.pdf`, contentType: 'application/pdf', data: await packPdf(docs, pack.stamp, title) };
}

/** The tenant's settings the pack is made from, read from its own tenant document. */
export async function loadPackSettings(deps: Deps, tenantId: string): Promise<PackSettings> {
  const snap = await doc(deps.db, 'tenants', { tenantId }).get();
  if (!snap.exists) throw new AppError('not_found', 'This organisation no longer exists.');
  return packSettingsOf(snap.data() as TenantDoc);
}
