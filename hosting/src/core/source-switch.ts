import type { DirectorySettingsView } from '../../../functions/src/api-types.js';

type Source = DirectorySettingsView['source'];

export const SOURCE_NAMES: Record<Source, string> = { google: 'Google Workspace', microsoft: 'Microsoft 365', csv: 'CSV files' };

/**
 * What switching the directory source does to the people already there, as the server does it
 * (functions/src/directory): saving the source changes nobody; a sync matches people by email and,
 * on a complete listing, hands those it does not list to the privacy purge, except people added by
 * hand, and holds removals above the safety limit (removalLimit: a tenth of the directory, 3 to
 * 50 people) for an admin's confirmation; a CSV import updates the rows it lists and removes the
 * others only when asked to (never with errors in the file, never above the limit).
 */
export function switchConsequences(from: Source, to: Source, hasPeople: boolean): string {
  if (!hasPeople) return `Your directory is empty, so nobody is affected: people will come from ${SOURCE_NAMES[to]}.`;
  const stops = from === 'csv' ? '' : ` The daily sync from ${SOURCE_NAMES[from]} stops, so changes made there no longer reach Herald.`;
  if (to === 'csv') {
    return (
      `Nobody is removed or changed now.${stops} The people already here stay as they are until you import a file: ` +
      'a file updates the people it lists (matched by email), and removes the others only if you tick “Remove people missing from the file” ' +
      '(never people added by hand, and never more than the safety limit at once).'
    );
  }
  return (
    `Nobody is changed now.${stops} The first sync from ${SOURCE_NAMES[to]} updates the people it lists (matched by email) and ` +
    `removes everyone it does not list, erasing their data, except people added by hand. ` +
    'If that is more than the safety limit (a tenth of the directory, between 3 and 50 people), nobody is removed until an admin confirms.'
  );
}
