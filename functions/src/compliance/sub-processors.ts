import { REGIONS, REGION_IDS, type Region } from '../core/regions.js';
import { stampFacts, type PackDocument, type Stamp } from './pack-document.js';

/**
 * Firestore's multi-region locations, as Google describes them
 * (https://firebase.google.com/docs/firestore/locations): typed over the regions' own values, so a
 * region on a new location fails to compile until it is described here.
 */
const FIRESTORE_LOCATIONS: Record<(typeof REGIONS)[Region]['firestoreLocation'], string> = {
  eur3: 'Europe multi-region eur3: europe-west1 (Belgium) and europe-west4 (Netherlands), witness europe-north1 (Finland)',
  nam5: 'United States multi-region nam5: us-central1 (Iowa) and us-central2 (Oklahoma), witness us-east1 (South Carolina)',
};

interface RegionFacts {
  label: string;
  functionRegion: string;
  firestore: string;
}

/**
 * The Google Cloud services Herald runs on, each tied to the configuration that makes Herald use it
 * (test/unit/compliance-pack.test.ts checks each against firebase.json and the code, and that
 * every product firebase.json deploys is listed here).
 */
export const GOOGLE_CLOUD_SERVICES = [
  {
    service: 'Cloud Functions for Firebase (2nd gen, on Cloud Run)',
    role: 'Runs Herald: the API, the tracked-link redirect, the add-ins, hooks and background jobs',
    data: 'All categories, in memory while a request or job runs',
    location: (r: RegionFacts) => r.label,
  },
  {
    service: 'Cloud Firestore',
    role: 'The database: every collection of the record of processing',
    data: 'All categories, stored',
    location: (r: RegionFacts) => r.firestore,
  },
  {
    service: 'Cloud Storage for Firebase',
    role: "Whole-tenant export files and the customer's uploaded images",
    data: 'Export files hold all exported categories; images hold none',
    location: (r: RegionFacts) => `The project's bucket in ${r.label}`,
  },
  {
    service: 'Cloud Tasks',
    role: 'Queues background jobs (directory sync, signature pushes, erasure, export)',
    data: 'Pseudonymous identifiers only (job payloads carry ids)',
    location: (r: RegionFacts) => r.label,
  },
  {
    service: 'Cloud Scheduler',
    role: 'Starts the daily and monthly work (retention sweep, directory sync, access review)',
    data: 'None',
    location: (r: RegionFacts) => r.label,
  },
  {
    service: 'Secret Manager',
    role: "Holds Herald's keys (link signing, recipient sealing, webhook secret, directory credentials)",
    data: 'None',
    location: () => 'Replicated by Google (automatic replication)',
  },
  {
    service: 'Firebase Authentication',
    role: "Sign-in of the customer's staff and employees to the console",
    data: 'Work email address, name and sign-in provider ids of people who sign in',
    location: () => 'Global Google service: Google offers no choice of location',
  },
  {
    service: 'Firebase Hosting',
    role: 'Serves the console and forwards requests to the functions of the region',
    data: 'None stored (requests pass through Google\'s edge network)',
    location: () => "Google's global edge network",
  },
  {
    service: 'Cloud Logging',
    role: 'Operational logs of the functions',
    data: 'Pseudonymous identifiers and counts only, never names or addresses',
    location: () => "The project's default log storage (Google's global log bucket unless a regional one is configured)",
  },
] as const;

export function regionFacts(region: Region): RegionFacts {
  const r = REGIONS[region];
  return { label: r.label, functionRegion: r.functionRegion, firestore: FIRESTORE_LOCATIONS[r.firestoreLocation] };
}

/** The sub-processors per region: the tenant's own region first. */
export function subProcessorsDocument(region: Region, stamp: Stamp): PackDocument {
  const order = [region, ...REGION_IDS.filter((r) => r !== region)];
  return {
    id: 'sub-processors',
    title: 'Sub-processors',
    blocks: [
      stampFacts(stamp),
      {
        kind: 'paragraph',
        text: "Herald's only sub-processor is Google Cloud (Firebase), under Google's data processing terms. Each region is a separate Google Cloud project: a tenant's data is processed by the services below in its own region's project, and nothing crosses between projects.",
      },
      ...order.flatMap((id) => {
        const facts = regionFacts(id);
        return [
          { kind: 'heading' as const, text: `${facts.label}${id === region ? ' (this tenant\'s region)' : ''}` },
          { kind: 'table' as const, head: ['Service', 'What Herald uses it for', 'Personal data', 'Location'], rows: GOOGLE_CLOUD_SERVICES.map((s) => [s.service, s.role, s.data, s.location(facts)]) },
        ];
      }),
      {
        kind: 'paragraph',
        text: "Not Herald's sub-processors: the customer's own Google Workspace or Microsoft 365 account, which Herald reads (directory) and writes to (Gmail signatures) on the customer's instruction, under the customer's own contract with that provider.",
      },
    ],
  };
}
