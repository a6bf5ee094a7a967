import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { IncidentDoc, IncidentStatus, IncidentUpdateDoc } from '../core/schemas/incident.js';
import { toIso } from '../core/timestamps.js';
import { categoryLabel } from './incident-input.js';

/** A personal-data category, with its words from the catalog. */
export interface IncidentCategory {
  key: string;
  label: string;
}

/** The facts an update may revise, as they stand. */
export interface IncidentFacts {
  status: IncidentStatus;
  categories: IncidentCategory[];
  approxPeople: number | null;
  approxRecords: number | null;
  likelyConsequences: string;
  measures: string;
}

export interface IncidentUpdateView {
  id: string;
  /** When Herald recorded the update. */
  at: string;
  /** When this tenant's owners were notified of it. */
  notifiedAt: string;
  summary: string;
  status: IncidentStatus | null;
  /** The facts this update revised (only those). */
  changes: Partial<Omit<IncidentFacts, 'status'>>;
}

/** One incident as the tenant sees it: first notice, timeline (oldest first) and the facts as they stand now. */
export interface IncidentView {
  id: string;
  title: string;
  whatHappened: string;
  detectedAt: string;
  recordedAt: string;
  notifiedAt: string;
  contact: { name: string; email: string; phone: string | null };
  /** As first notified. */
  initial: IncidentFacts;
  /** After every update. */
  current: IncidentFacts;
  updates: IncidentUpdateView[];
}

/** GET /api/incidents: newest first. */
export interface IncidentList {
  incidents: IncidentView[];
}

/** At most this many incidents are listed (and exported) per tenant; there should be none. */
const LIMIT = 500;

const cats = (keys: readonly string[]): IncidentCategory[] => keys.map((key) => ({ key, label: categoryLabel(key) }));
const iso = (v: unknown) => toIso(v) ?? '';

export async function listIncidents(deps: Pick<Deps, 'db'>, tenantId: string): Promise<IncidentList> {
  const snap = await col(deps.db, 'incidents', { tenantId }).orderBy('recordedAt', 'desc').limit(LIMIT).get();
  const incidents = await Promise.all(
    snap.docs.map(async (d) => {
      const updates = await col(deps.db, 'incidentUpdates', { tenantId, incidentId: d.id }).orderBy('at', 'asc').get();
      return view(d.id, d.data() as IncidentDoc, updates.docs.map((u) => [u.id, u.data() as IncidentUpdateDoc] as const));
    }),
  );
  return { incidents };
}

function view(id: string, i: IncidentDoc, updates: (readonly [string, IncidentUpdateDoc])[]): IncidentView {
  const initial: IncidentFacts = {
    status: 'open',
    categories: cats(i.categories),
    approxPeople: i.approxPeople,
    approxRecords: i.approxRecords,
    likelyConsequences: i.likelyConsequences,
    measures: i.measures,
  };
  const current = { ...initial };
  const timeline = updates.map(([uid, u]): IncidentUpdateView => {
    const changes: IncidentUpdateView['changes'] = {
      ...(u.changes.categories ? { categories: cats(u.changes.categories) } : {}),
      ...(u.changes.approxPeople !== undefined ? { approxPeople: u.changes.approxPeople } : {}),
      ...(u.changes.approxRecords !== undefined ? { approxRecords: u.changes.approxRecords } : {}),
      ...(u.changes.likelyConsequences !== undefined ? { likelyConsequences: u.changes.likelyConsequences } : {}),
      ...(u.changes.measures !== undefined ? { measures: u.changes.measures } : {}),
    };
    Object.assign(current, changes, u.status ? { status: u.status } : {});
    return { id: uid, at: iso(u.at), notifiedAt: iso(u.notifiedAt), summary: u.summary, status: u.status, changes };
  });
  return {
    id,
    title: i.title,
    whatHappened: i.whatHappened,
    detectedAt: iso(i.detectedAt),
    recordedAt: iso(i.recordedAt),
    notifiedAt: iso(i.notifiedAt),
    contact: i.contact,
    initial,
    current,
    updates: timeline,
  };
}
