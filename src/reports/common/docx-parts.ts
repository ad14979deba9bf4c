import type { IsoDate } from '../../domain/dates.ts';
import { escapeXml } from './text.ts';

/**
 * The document properties, written here rather than by `docx` because `docx` always stamps
 * them with the time of writing; the report's generation date keeps the file reproducible.
 */
export function coreProperties(doc: { title: string; subject: string; marking: string; generatedOn: IsoDate }): string {
  const when = `${doc.generatedOn}T00:00:00Z`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(doc.title)}</dc:title>` +
    `<dc:subject>${escapeXml(doc.subject)}</dc:subject>` +
    '<dc:creator>Headroom</dc:creator>' +
    '<cp:lastModifiedBy>Headroom</cp:lastModifiedBy>' +
    '<cp:revision>1</cp:revision>' +
    `<cp:category>${escapeXml(doc.marking)}</cp:category>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}
