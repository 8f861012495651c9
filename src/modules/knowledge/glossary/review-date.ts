/** Date of the last full review of the glossary; bump it together with the reviewed facts. */
export const GLOSSARY_REVIEWED_AT = '2026-12-07';
