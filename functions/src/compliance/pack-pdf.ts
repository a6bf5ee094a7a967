import PDFDocument from 'pdfkit';
import type { Block, PackDocument, Stamp } from './pack-document.js';

/**
 * The compliance pack as a print-ready PDF (A4, PDFKit's built-in Helvetica, so no font file is
 * embedded). Deterministic: PDFKit derives the file id from the document information, whose
 * creation date is fixed (the Unix epoch: the pack's date is its code version and settings hash,
 * which the Subject states), so the same inputs give the same bytes.
 */
const FIXED_DATE = new Date(0);
const MARGIN = 56;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/**
 * The built-in fonts encode WinAnsi only: characters outside it are spelled out or replaced, so
 * nothing prints as a wrong glyph.
 */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
function printable(text: string): string {
  return text
    .replace(/≤/g, '<=')
    .replace(/≥/g, '>=')
    .replace(/→/g, '->')
    .replace(/[^\n\x20-\x7e\xa0-\xff]/g, (ch) => (WIN_ANSI_EXTRA.includes(ch) ? ch : '?'));
}

function writeBlock(pdf: PDFKit.PDFDocument, b: Block, width: number): void {
  switch (b.kind) {
    case 'heading':
      pdf.moveDown(0.6).font(BOLD).fontSize(13).text(printable(b.text), { width }).moveDown(0.3);
      break;
    case 'subheading':
      pdf.moveDown(0.2).font(BOLD).fontSize(10.5).text(printable(b.text), { width }).moveDown(0.2);
      break;
    case 'paragraph':
      pdf.font(FONT).fontSize(10).text(printable(b.text), { width }).moveDown(0.5);
      break;
    case 'list':
      pdf.font(FONT).fontSize(10).list(b.items.map(printable), { width, bulletRadius: 1.8, textIndent: 12, bulletIndent: 4 }).moveDown(0.5);
      break;
    case 'facts':
      for (const [k, v] of b.items) pdf.font(BOLD).fontSize(10).text(`${printable(k)}: `, { continued: true, width }).font(FONT).text(printable(v), { width });
      pdf.moveDown(0.5);
      break;
    case 'table':
      pdf.font(FONT).fontSize(8.5);
      pdf.table({
        maxWidth: width,
        position: { x: MARGIN },
        defaultStyle: { padding: 4, border: 0.5, borderColor: '#999999' },
        data: [b.head.map((h) => ({ text: printable(h), type: 'TH' as const, font: { src: BOLD }, backgroundColor: '#e8e8e8' })), ...b.rows.map((r) => r.map(printable))],
      });
      pdf.x = MARGIN;
      pdf.moveDown(0.8);
      break;
  }
}

export function packPdf(docs: PackDocument[], stamp: Stamp, title: string): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: printable(title), Author: 'Herald', Subject: `${printable(stamp.codeVersion)}; settings SHA-256 ${stamp.settingsHash}`, Creator: 'Herald', Producer: 'Herald (PDFKit)', CreationDate: FIXED_DATE },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 2 * MARGIN;
  docs.forEach((doc, i) => {
    if (i > 0) pdf.addPage();
    pdf.font(BOLD).fontSize(17).text(printable(doc.title), { width }).moveDown(0.6);
    for (const b of doc.blocks) writeBlock(pdf, b, width);
  });
  // Page footers: the stamp on every printed page, so a loose page still says what it was made from.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font(FONT).fontSize(7).fillColor('#555555')
      .text(printable(`${stamp.controller} · ${stamp.codeVersion} · settings ${stamp.settingsHash.slice(0, 16)}… · page ${i + 1} of ${range.count}`), MARGIN, pdf.page.height - MARGIN / 2 - 4, { width, align: 'center', lineBreak: false });
    pdf.fillColor('black');
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
