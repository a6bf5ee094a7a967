import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { convert } from 'office-addin-manifest-converter';

/**
 * Microsoft's own artefacts, offline: the unified manifest's JSON schemas bundled in
 * @microsoft/app-manifest (the package Teams Toolkit / Microsoft 365 Agents Toolkit validates
 * with), and office-addin-manifest-converter (Microsoft's parser of add-in-only XML manifests).
 */
const require = createRequire(import.meta.url);

/** The bundled schema of that manifest version; a version the package does not ship fails here rather than being fetched. */
async function bundledSchema(manifestVersion: string) {
  const file = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`);
  // The same clean-up AppManifestUtils.fetchSchema applies (escapes JSON.parse refuses).
  return JSON.parse((await readFile(file, 'utf8')).replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
}

/** Every way Microsoft's schema rejects the manifest, as the package words it; [] when valid. */
export async function microsoftManifestProblems(manifest: { manifestVersion: string }): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, await bundledSchema(manifest.manifestVersion));
}

/** The XML manifest converted by Microsoft's converter into a unified manifest (no image download, no network). */
export async function convertXmlManifest(xml: string): Promise<{ manifestVersion: string } & Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-manifest-'));
  try {
    await writeFile(join(dir, 'manifest.xml'), xml);
    await convert(join(dir, 'manifest.xml'), join(dir, 'out'), false, undefined, undefined, false);
    return JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
