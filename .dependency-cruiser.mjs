/**
 * The house's floors (docs/architecture.md), enforced in `npm test` (test/unit/layers.test.ts) and
 * by `npm run lint:layers`. A new folder under functions/src must be placed on a floor here.
 */
const SRC = '^functions/src/';
const CORE = `${SRC}core/`;
const ADAPTERS = `${SRC}(platform|google|microsoft)/`;
const ROUTE_HELPERS = `${SRC}http/`;
const FEATURES = `${SRC}(tenants|trust|directory|signatures|campaigns|tracking|privacy|audit|addins|gmail-addon|jobs|images|operator|dsr|compliance|mail|alerts|incidents)/`;
const ENTRY_POINTS = `${SRC}(index\\.ts$|api-types\\.ts$|api/|tasks/|links/|local/)`;
/** The API's types as the console and the add-in import them: their one entry into the server. */
const API_TYPES = `${SRC}api-types\\.ts$`;
const FLOORS = [CORE, ADAPTERS, ROUTE_HELPERS, FEATURES, ENTRY_POINTS];

export const floors = { CORE, ADAPTERS, ROUTE_HELPERS, FEATURES, ENTRY_POINTS };

export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycle, static, lazy or type-only: every floor and every feature can be read from the bottom up.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'on-a-floor',
      comment: 'Every file under functions/src belongs to a floor (core, adapters, route helpers, features, entry points): place a new folder in .dependency-cruiser.mjs.',
      severity: 'error',
      from: { path: SRC, pathNot: FLOORS },
      to: {},
    },
    {
      name: 'ground-floor-imports-no-feature',
      comment: 'core/ (errors, deps, ports, config, regions, the data catalog, stored schemas, job specs) imports only core/.',
      severity: 'error',
      from: { path: CORE },
      to: { path: SRC, pathNot: CORE },
    },
    {
      name: 'adapters-import-no-feature',
      comment: 'platform/, google/ and microsoft/ speak to the outside world for features; they import core/ and each other only.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: SRC, pathNot: [CORE, ADAPTERS] },
    },
    {
      name: 'route-helpers-import-no-feature',
      comment: 'http/ holds what every area needs to declare and serve routes; it imports no area.',
      severity: 'error',
      from: { path: ROUTE_HELPERS },
      to: { path: SRC, pathNot: [CORE, ADAPTERS, ROUTE_HELPERS] },
    },
    {
      name: 'entry-points-are-imported-by-none',
      comment: 'index.ts, the API assembly (api/), the task runner (tasks/), the links function, the local host and the clients\' API types (api-types.ts) import features; nothing below imports them.',
      severity: 'error',
      from: { path: SRC, pathNot: ENTRY_POINTS },
      to: { path: ENTRY_POINTS },
    },
    {
      name: 'clients-import-only-server-types',
      comment: 'The console and the Outlook add-in import the API types from the server, type-only: no server code reaches a browser bundle.',
      severity: 'error',
      from: { path: '^(hosting|outlook-addin)/src/' },
      to: { path: '^functions/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'clients-import-server-types-from-api-types',
      comment: 'The console and the Outlook add-in take the API types from functions/src/api-types.ts only: one import point, no reach into the server\'s files.',
      severity: 'error',
      from: { path: '^(hosting|outlook-addin)/src/' },
      to: { path: '^functions/', pathNot: API_TYPES },
    },
    {
      name: 'api-types-imports-only-types',
      comment: 'functions/src/api-types.ts re-exports types only (`export type { … } from`): importing it runs nothing.',
      severity: 'error',
      from: { path: API_TYPES },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-imports-no-client',
      comment: 'The server never imports the console or the add-in.',
      severity: 'error',
      from: { path: SRC },
      to: { path: '^(hosting|outlook-addin)/src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // `import type` is seen (and kept apart as type-only): type-only cycles count too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Lazy `import()` is an import: a feature loaded on first use still sits on its floor.
    detectJSDocImports: false,
  },
};
