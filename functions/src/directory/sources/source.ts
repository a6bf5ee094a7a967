import type { RawDirectoryFields } from '../normalize.js';

/** One person as a source lists them: their immutable id there, and the eight fields loosely typed. */
export interface SourceUser {
  externalId: string;
  fields: RawDirectoryFields;
}

export interface SourcePage {
  users: SourceUser[];
  /** Ids the source reports as deleted (Graph delta `@removed`); empty for full listings. */
  removedExternalIds: string[];
  /** Where the next page starts; null on the last page. Opaque, never personal data. */
  next: string | null;
  /** On the last page of a Graph delta round: where the next sync starts. */
  deltaLink?: string;
}

/**
 * A directory the sync pages through. `complete` says whether a finished listing names everyone
 * (so whoever is absent left) or only changes since the last sync (removals are explicit).
 */
export interface DirectorySource {
  readonly kind: 'google' | 'microsoft';
  readonly complete: boolean;
  /** Loads what every page needs (group memberships). */
  prepare(): Promise<void>;
  /** `null` asks for the first page. */
  page(cursor: string | null): Promise<SourcePage>;
}
