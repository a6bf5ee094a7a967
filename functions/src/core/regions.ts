/** The regions Herald is deployed to: one Firebase project each, and nothing crosses between them. */
export const REGIONS = {
  eu: { functionRegion: 'europe-west1', label: 'European Union (Belgium, europe-west1)', firestoreLocation: 'eur3' },
  us: { functionRegion: 'us-central1', label: 'United States (Iowa, us-central1)', firestoreLocation: 'nam5' },
} as const;

export type Region = keyof typeof REGIONS;
export const REGION_IDS = Object.keys(REGIONS) as Region[];
