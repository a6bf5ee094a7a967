/** Where `npm run build -w outlook-addin` writes the runtime (inside the functions package). */
export const RUNTIME_OUT: string;
/** Bundles src/runtime.ts into one file (and copies the icons next to it); resolves to the file's path. */
export function buildRuntime(outfile?: string): Promise<string>;
