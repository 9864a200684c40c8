/**
 * Writes the minutes' model as a DOCX with the docx library: A4, Decree 30/2020's margins, the
 * heading as a borderless two-column table, Times New Roman as the decree asks.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type MinutesModel, NATIONAL_MOTTO, NATIONAL_NAME } from './minutes.model.js';
import { reproducibleZip } from './reproducible-zip.js';

const TWIPS_PER_MM = 1440 / 25.4;
const FONT = 'Times New Roman';
const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

interface Run {
  readonly text: string;
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly underline?: boolean;
  /** Points. */
  readonly size?: number;
}

const line = (
  run: Run,
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER,
  indent = false,
) =>
  new Paragraph({
    alignment,
    ...(indent ? { indent: { firstLine: Math.round(10 * TWIPS_PER_MM) } } : {}),
    spacing: { after: 60 },
    children: [
      new TextRun({
        text: run.text,
        font: FONT,
        size: (run.size ?? 13) * 2,
        ...(run.bold ? { bold: true } : {}),
        ...(run.italics ? { italics: true } : {}),
        ...(run.underline ? { underline: {} } : {}),
      }),
    ],
  });

export async function renderMinutesDocx(model: MinutesModel): Promise<Buffer> {
  const document = new Document({
    creator: model.issuer.body,
    lastModifiedBy: model.issuer.body,
    title: model.meta.title,
    styles: { default: { document: { run: { font: FONT, size: 26 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * TWIPS_PER_MM), height: Math.round(297 * TWIPS_PER_MM) },
            margin: {
              top: Math.round(20 * TWIPS_PER_MM),
              bottom: Math.round(20 * TWIPS_PER_MM),
              left: Math.round(30 * TWIPS_PER_MM),
              right: Math.round(15 * TWIPS_PER_MM),
            },
          },
        },
        children: [
          heading(model),
          line({ text: '' }),
          line({ text: model.title, bold: true, size: 14 }),
          line({ text: model.subtitle, bold: true }),
          line({ text: '' }),
          ...model.opening.map((text) => line({ text }, AlignmentType.JUSTIFIED, true)),
          rankingTable(model.table),
          line({ text: '' }),
          ...model.conclusions.map((text) => line({ text }, AlignmentType.JUSTIFIED, true)),
          line({ text: model.audit, italics: true, size: 11 }, AlignmentType.JUSTIFIED),
          line({ text: '' }),
          signatures(model),
        ],
      },
    ],
  });
  return reproducibleZip(await Packer.toBuffer(document), model.meta.createdAt);
}

/** Decree 30's heading: the issuing body on the left, the national name and motto on the right. */
function heading(model: MinutesModel): Table {
  const cell = (width: number, paragraphs: Paragraph[]) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      borders: NO_BORDERS,
      children: paragraphs,
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(40, [
            line({ text: model.issuer.superior, size: 12 }),
            line({ text: model.issuer.body, bold: true, size: 12 }),
          ]),
          cell(60, [
            line({ text: NATIONAL_NAME, bold: true, size: 12 }),
            line({ text: NATIONAL_MOTTO, bold: true, underline: true }),
            line({ text: model.placeAndDate, italics: true }),
          ]),
        ],
      }),
    ],
  });
}

function rankingTable(table: MinutesModel['table']): Table {
  // Text width of A4 less Decree 30's margins (210 - 30 - 15 mm): the unit's name takes what
  // the rank and the figures leave.
  const textWidth = Math.round(165 * TWIPS_PER_MM);
  const rankWidth = Math.round(15 * TWIPS_PER_MM);
  const numberWidth = Math.round(20 * TWIPS_PER_MM);
  const widths = [
    rankWidth,
    textWidth - rankWidth - (table.headers.length - 2) * numberWidth,
    ...Array<number>(table.headers.length - 2).fill(numberWidth),
  ];
  const row = (cells: readonly string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map(
        (text, index) =>
          new TableCell({
            width: { size: widths[index]!, type: WidthType.DXA },
            children: [
              line({ text, bold, size: 12 }, index === 1 ? AlignmentType.LEFT : AlignmentType.CENTER),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    rows: [row(table.headers, true), ...table.rows.map((cells) => row(cells, false))],
  });
}

function signatures(model: MinutesModel): Table {
  const width = Math.floor(100 / model.signatures.length);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: model.signatures.map(
          (signature) =>
            new TableCell({
              width: { size: width, type: WidthType.PERCENTAGE },
              borders: NO_BORDERS,
              children: [
                line({ text: signature.role, bold: true }),
                ...(signature.unit === '' ? [] : [line({ text: signature.unit, size: 12 })]),
                line({ text: '(Ký, ghi rõ họ tên)', italics: true, size: 11 }),
              ],
            }),
        ),
      }),
    ],
  });
}
