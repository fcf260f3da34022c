/**
 * Draws the Teams app icons: a shield (protection) holding a 3x3 risk matrix (the heat map).
 * `npx tsx scripts/package-icons.ts` rewrites manifest/color.png and manifest/outline.png; the PNGs
 * are committed, so the package build never depends on drawing them.
 *
 * Shapes are defined in unit coordinates (0..1) and rasterised with 4x4 supersampling, so the edges
 * are anti-aliased at both 192 px and 32 px.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
type Shape = (x: number, y: number) => boolean;

/** The accent colour (also the manifest's accentColor): a dark council blue. */
export const accentColor = '#1F4E79';
const navy: Rgb = [0x1f, 0x4e, 0x79];
const white: Rgb = [255, 255, 255];
const green: Rgb = [0x2e, 0x8b, 0x57];
const amber: Rgb = [0xf2, 0xa9, 0x00];
const red: Rgb = [0xc5, 0x28, 0x28];

/** Matrix colours, top row = highest likelihood, left column = lowest impact. */
const matrixColours: Rgb[][] = [
  [amber, red, red],
  [green, amber, red],
  [green, green, amber],
];

const samples = 4;

/** A shield: flat top, straight sides, then an elliptical taper to a point. */
function shield(inset: number): Shape {
  const top = 0.12 + inset;
  const shoulder = 0.52;
  const tip = 0.9 - inset * 1.6;
  const half = 0.33 - inset;
  return (x, y) => {
    if (y < top || y > tip) return false;
    const dx = Math.abs(x - 0.5);
    if (y <= shoulder) return dx <= half;
    const t = (y - shoulder) / (tip - shoulder);
    return dx <= half * Math.sqrt(Math.max(0, 1 - t * t));
  };
}

function rect(x0: number, y0: number, x1: number, y1: number): Shape {
  return (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

/** Fraction of the pixel (px, py) covered by the shape, from samples x samples points. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < samples; sy += 1) {
    for (let sx = 0; sx < samples; sx += 1) {
      if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits += 1;
    }
  }
  return hits / (samples * samples);
}

/** One layer of the picture: a shape painted in a colour with full opacity. */
type Layer = { shape: Shape; colour: Rgb };

/** Paints layers in order over `background` (undefined = transparent). */
function paint(size: number, layers: Layer[], background?: Rgb): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let [r, g, b] = background ?? white;
      let a = background ? 1 : 0;
      for (const layer of layers) {
        const c = coverage(layer.shape, px, py, size);
        if (c === 0) continue;
        // "Over" compositing of an opaque colour with coverage c.
        const outA = c + a * (1 - c);
        r = (layer.colour[0] * c + r * a * (1 - c)) / outA;
        g = (layer.colour[1] * c + g * a * (1 - c)) / outA;
        b = (layer.colour[2] * c + b * a * (1 - c)) / outA;
        a = outA;
      }
      const i = (py * size + px) * 4;
      png.data[i] = Math.round(r);
      png.data[i + 1] = Math.round(g);
      png.data[i + 2] = Math.round(b);
      png.data[i + 3] = Math.round(a * 255);
    }
  }
  return png;
}

/** The 3x3 matrix cells inside the shield, with a gap between cells. */
function matrixCells(x0: number, y0: number, cell: number, gap: number): Layer[] {
  const layers: Layer[] = [];
  matrixColours.forEach((row, r) =>
    row.forEach((colour, c) => {
      const x = x0 + c * (cell + gap);
      const y = y0 + r * (cell + gap);
      layers.push({ shape: rect(x, y, x + cell, y + cell), colour });
    }),
  );
  return layers;
}

/** The 192x192 full-colour icon: white shield with a coloured matrix on the accent background. */
export function drawColorIcon(): PNG {
  return paint(192, [{ shape: shield(0), colour: white }, ...matrixCells(0.335, 0.25, 0.095, 0.02)], navy);
}

/** The 32x32 outline icon: white shield outline and matrix lines on a transparent background. */
export function drawOutlineIcon(): PNG {
  const outer = shield(0);
  const inner = shield(0.07);
  const outline: Shape = (x, y) => outer(x, y) && !inner(x, y);
  const lines: Shape = (x, y) =>
    inner(x, y) && (rect(0.46, 0.2, 0.54, 0.8)(x, y) || rect(0.2, 0.42, 0.8, 0.5)(x, y));
  // One filled cell (top right): the "high" corner of the matrix, so it still reads as a heat map.
  const hot: Shape = (x, y) => inner(x, y) && rect(0.6, 0.26, 0.72, 0.37)(x, y);
  return paint(32, [
    { shape: outline, colour: white },
    { shape: lines, colour: white },
    { shape: hot, colour: white },
  ]);
}

/** Writes both icons into `dir` (default manifest/). */
export function writeIcons(dir: string = path.join(__dirname, '..', 'manifest')): string[] {
  const files = [
    [path.join(dir, 'color.png'), drawColorIcon()],
    [path.join(dir, 'outline.png'), drawOutlineIcon()],
  ] as const;
  for (const [file, png] of files) writeFileSync(file, PNG.sync.write(png));
  return files.map(([file]) => file);
}

if (require.main === module) {
  for (const file of writeIcons()) console.log(`Wrote ${file}`);
}
