import type { RawDirectoryFields } from '../normalize.js';

/** One person as a source lists them: their immutable id there, and the eight fields loosely typed. */
export interface SourceUser {
  externalId: string;
  fields: RawDirectoryFields;
}

/** A shared mailbox as a source lists it: not a person, a sending address. */
export interface SourceMailbox {
  externalId: string;
  /** As listed (lower-cased and checked when stored). */
  address: string;
  displayName: string | null;
}

export interface SourcePage {
  users: SourceUser[];
  /**
   * Ids that are no longer people in the directory: those the source reports as deleted (Graph
   * delta `@removed`) and shared mailboxes (whose stored person record, if any, goes). Empty for
   * full listings of people.
   */
  removedExternalIds: string[];
  /** Shared mailboxes on this page (kept apart from the people; Microsoft 365 only). */
  sharedMailboxes?: SourceMailbox[];
  /**
   * Listed accounts of which the source could not tell whether they are shared mailboxes (the
   * permission to read mailbox settings is missing): they stay people, as before, and the stored
   * shared mailboxes are not pruned by this listing.
   */
  mailboxesUnchecked?: number;
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
  /** What a delta round selected (stored with its deltaLink, which is reused only for the same scope). */
  readonly deltaScope?: string;
  /** Loads what every page needs (group memberships). */
  prepare(): Promise<void>;
  /** `null` asks for the first page. */
  page(cursor: string | null): Promise<SourcePage>;
}
