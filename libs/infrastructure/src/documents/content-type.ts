/** Content types accepted as documents, detected from the bytes, with the file-name extensions each may carry. */
export const ACCEPTED_CONTENT_TYPES: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/tiff': ['tif', 'tiff'],
};

export type ContentCheck =
  | { ok: true; contentType: string }
  | { ok: false; rule: 'tipo-non-ammesso' | 'estensione-non-corrispondente'; message: string; found: string; limit: readonly string[] };

/** Decides whether a detected type is accepted and agrees with the file name's extension. */
export function checkContent(detectedMime: string | undefined, fileName: string): ContentCheck {
  const accepted = detectedMime ? ACCEPTED_CONTENT_TYPES[detectedMime] : undefined;
  if (!detectedMime || !accepted) {
    return {
      ok: false,
      rule: 'tipo-non-ammesso',
      message: 'il contenuto non è di un tipo di documento ammesso (verificato dai byte, non dal nome)',
      found: detectedMime ?? 'sconosciuto',
      limit: Object.keys(ACCEPTED_CONTENT_TYPES),
    };
  }
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  if (ext && !accepted.includes(ext)) {
    return {
      ok: false,
      rule: 'estensione-non-corrispondente',
      message: `il file ha estensione .${ext} ma il contenuto è ${detectedMime}`,
      found: ext,
      limit: accepted,
    };
  }
  return { ok: true, contentType: detectedMime };
}
