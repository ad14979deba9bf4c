import { AlignmentType, Footer, Header, HeadingLevel, PageNumber, PageOrientation, Paragraph, ShadingType, TableCell, TextRun, type ISectionOptions } from 'docx';
import type { IsoDate } from '../../domain/dates.ts';
import { escapeXml } from './text.ts';

export const FONT = 'Arial';
/** A4 in twips, with 2 cm margins; `docx` swaps width and height for a landscape section. */
export const A4 = { short: 11906, long: 16838, margin: 1134 };
/** Width of the text on a landscape A4 page, for tables that fill it. */
export const LANDSCAPE_TEXT_WIDTH = A4.long - 2 * A4.margin;
export const TABLE_TEXT = 18;
export const HEADER_FILL = 'F3F2F1';

function markingParagraph(marking: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: marking, bold: true, allCaps: true, size: 20 })] });
}

/** An A4 page with the security marking in its header and footer, and `footer` and the page number below. */
export function markedPageFrame(opts: { marking: string; footer: string; landscape: boolean }): Pick<ISectionOptions, 'properties' | 'headers' | 'footers'> {
  return {
    properties: {
      page: {
        size: { width: A4.short, height: A4.long, orientation: opts.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        margin: { top: A4.margin, right: A4.margin, bottom: A4.margin, left: A4.margin },
      },
    },
    headers: { default: new Header({ children: [markingParagraph(opts.marking)] }) },
    footers: {
      default: new Footer({
        children: [
          markingParagraph(opts.marking),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: [`${opts.footer} Page `, PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 16 })],
          }),
        ],
      }),
    },
  };
}

export function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ heading: level, children: [new TextRun(text)] });
}

export function textCell(text: string, opts: { bold?: boolean; numeric?: boolean; fill?: string }): TableCell {
  return new TableCell({
    ...(opts.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill } } : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: opts.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: opts.bold ?? false, size: TABLE_TEXT, font: FONT })],
      }),
    ],
  });
}

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
