/** The DejaVu Serif faces, from the dejavu-fonts-ttf package: they carry every Vietnamese diacritic. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type FontFace = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FILES: Readonly<Record<FontFace, string>> = {
  regular: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  italic: 'DejaVuSerif-Italic.ttf',
  boldItalic: 'DejaVuSerif-BoldItalic.ttf',
};

let loaded: Readonly<Record<FontFace, Buffer>> | undefined;

/** The font files' bytes, read once. */
export function serifFonts(): Readonly<Record<FontFace, Buffer>> {
  if (loaded === undefined) {
    const folder = join(
      dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
      'ttf',
    );
    const read = (face: FontFace) => readFileSync(join(folder, FILES[face]));
    loaded = {
      regular: read('regular'),
      bold: read('bold'),
      italic: read('italic'),
      boldItalic: read('boldItalic'),
    };
  }
  return loaded;
}
