/** Date of the last full fact review of the corpus; bump it together with the reviewed facts. */
export const CORPUS_REVIEWED_AT = '2026-11-27';
