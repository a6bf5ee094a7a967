/** The pack's documents, in the order the whole pack prints them (zod-free and small: the route list reads it at start-up). */
export const PACK_DOCUMENTS = ['sub-processors', 'security-measures', 'processing-annex', 'dpia'] as const;
export type PackDocumentId = (typeof PACK_DOCUMENTS)[number];
export const PACK_FORMATS = ['markdown', 'pdf'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];
