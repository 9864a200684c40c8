/**
 * Draws the minutes' model as an A4 PDF with pdfkit, Decree 30/2020's margins and heading, in
 * DejaVu Serif (embedded, so diacritics render anywhere). Dated by the model, never the clock.
 */
import PDFDocument from 'pdfkit';
import { type FontFace, serifFonts } from './fonts.js';
import { type MinutesModel, NATIONAL_MOTTO, NATIONAL_NAME } from './minutes.model.js';

const MM = 72 / 25.4;
/** Decree 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

export function renderMinutesPdf(model: MinutesModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    info: {
      Title: model.meta.title,
      Author: model.issuer.body,
      Creator: model.issuer.body,
      Producer: 'PDFKit',
      CreationDate: model.meta.createdAt,
      ModDate: model.meta.createdAt,
    },
    pdfVersion: '1.7',
    lang: 'vi-VN',
  });
  const fonts = serifFonts();
  for (const face of Object.keys(fonts) as FontFace[]) doc.registerFont(face, fonts[face]);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawHeading(doc, model);
  drawBody(doc, model);
  doc.end();
  return done;
}

function drawHeading(doc: PDFKit.PDFDocument, model: MinutesModel): void {
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const leftWidth = width * 0.4;
  const rightX = left + leftWidth;
  const rightWidth = width - leftWidth;
  const top = MARGINS.top;
  doc
    .font('regular')
    .fontSize(11)
    .text(model.issuer.superior, left, top, { width: leftWidth, align: 'center' });
  doc.font('bold').fontSize(11).text(model.issuer.body, { width: leftWidth, align: 'center' });
  underline(doc, left + leftWidth / 2, doc.y + 3, 40);
  const leftBottom = doc.y;
  doc.font('bold').fontSize(11).text(NATIONAL_NAME, rightX, top, { width: rightWidth, align: 'center' });
  doc.font('bold').fontSize(12).text(NATIONAL_MOTTO, rightX, doc.y, { width: rightWidth, align: 'center' });
  underline(doc, rightX + rightWidth / 2, doc.y + 2, doc.widthOfString(NATIONAL_MOTTO) / 2);
  doc.moveDown(0.6);
  doc
    .font('italic')
    .fontSize(12)
    .text(model.placeAndDate, rightX, doc.y, { width: rightWidth, align: 'center' });
  doc.y = Math.max(doc.y, leftBottom) + 18;
  doc.x = left;
  doc.font('bold').fontSize(14).text(model.title, left, doc.y, { width, align: 'center' });
  doc.font('bold').fontSize(12).text(model.subtitle, { width, align: 'center' });
  underline(doc, left + width / 2, doc.y + 3, 50);
  doc.moveDown(1.2);
}

function drawBody(doc: PDFKit.PDFDocument, model: MinutesModel): void {
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  doc.font('regular').fontSize(12);
  for (const paragraph of model.opening) {
    doc.text(paragraph, left, doc.y, { width, align: 'justify', indent: 28, paragraphGap: 4 });
  }
  doc.moveDown(0.5);
  drawTable(doc, model.table, left, width);
  doc.moveDown(0.8);
  doc.font('regular').fontSize(12);
  for (const line of model.conclusions) {
    doc.text(line, left, doc.y, { width, align: 'justify', indent: 28, paragraphGap: 4 });
  }
  doc.moveDown(0.5);
  doc.font('italic').fontSize(10).text(model.audit, left, doc.y, { width, align: 'left' });
  doc.moveDown(1.5);
  drawSignatures(doc, model, left, width);
}

function drawTable(doc: PDFKit.PDFDocument, table: MinutesModel['table'], left: number, width: number): void {
  const numberColumns = table.headers.length - 2;
  const rankWidth = 48;
  const numberWidth = 60;
  const nameWidth = width - rankWidth - numberColumns * numberWidth;
  const widths = [rankWidth, nameWidth, ...Array<number>(numberColumns).fill(numberWidth)];
  const padding = 4;
  const drawRow = (cells: readonly string[], face: FontFace): void => {
    doc.font(face).fontSize(10.5);
    const height =
      Math.max(
        ...cells.map((cell, index) => doc.heightOfString(cell, { width: widths[index]! - 2 * padding })),
      ) +
      2 * padding;
    if (doc.y + height > doc.page.height - MARGINS.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((cell, index) => {
      const cellWidth = widths[index]!;
      doc.rect(x, top, cellWidth, height).lineWidth(0.6).stroke();
      doc.text(cell, x + padding, top + padding, {
        width: cellWidth - 2 * padding,
        align: index === 1 ? 'left' : 'center',
      });
      x += cellWidth;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(table.headers, 'bold');
  for (const row of table.rows) drawRow(row, 'regular');
}

function drawSignatures(doc: PDFKit.PDFDocument, model: MinutesModel, left: number, width: number): void {
  if (doc.y + 90 > doc.page.height - MARGINS.bottom) doc.addPage();
  const top = doc.y;
  const columnWidth = width / model.signatures.length;
  model.signatures.forEach((signature, index) => {
    const x = left + index * columnWidth;
    doc.font('bold').fontSize(12).text(signature.role, x, top, { width: columnWidth, align: 'center' });
    if (signature.unit !== '') {
      doc
        .font('regular')
        .fontSize(11)
        .text(signature.unit, x, doc.y, { width: columnWidth, align: 'center' });
    }
    doc
      .font('italic')
      .fontSize(10)
      .text('(Ký, ghi rõ họ tên)', x, doc.y, { width: columnWidth, align: 'center' });
  });
}

function underline(doc: PDFKit.PDFDocument, centre: number, y: number, halfWidth: number): void {
  doc
    .moveTo(centre - halfWidth, y)
    .lineTo(centre + halfWidth, y)
    .lineWidth(0.6)
    .stroke();
}
