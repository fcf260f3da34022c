/**
 * Checks the two Teams icons before they go into the package: PNG, exact size, and for the outline
 * icon a transparent background with only white pixels (Teams renders it as a monochrome mask).
 */
import { PNG } from 'pngjs';

export type IconKind = 'color' | 'outline';

export const iconSizes: Record<IconKind, number> = { color: 192, outline: 32 };

/** Channel values at or above this count as white; anti-aliased edges keep full white colour. */
const whiteMin = 250;

/** Returns the faults found in `data` as an icon of `kind` (empty when it is fine). */
export function checkIcon(kind: IconKind, data: Buffer, file: string): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return [`${file}: is not a readable PNG (${why}); the ${kind} icon must be a PNG file.`];
  }
  const size = iconSizes[kind];
  const faults: string[] = [];
  if (png.width !== size || png.height !== size) {
    faults.push(`${file}: is ${png.width}x${png.height} pixels; the ${kind} icon must be ${size}x${size}.`);
  }
  let transparent = 0;
  let visible = 0;
  let nonWhite = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3] ?? 0;
    if (alpha === 0) {
      transparent += 1;
      continue;
    }
    visible += 1;
    const r = png.data[i] ?? 0;
    const g = png.data[i + 1] ?? 0;
    const b = png.data[i + 2] ?? 0;
    if (r < whiteMin || g < whiteMin || b < whiteMin) nonWhite += 1;
  }
  if (visible === 0) faults.push(`${file}: every pixel is transparent; the ${kind} icon shows nothing.`);
  if (kind === 'outline') {
    if (transparent === 0) {
      faults.push(`${file}: has no transparent pixels; the outline icon needs a transparent background.`);
    }
    if (nonWhite > 0) {
      faults.push(
        `${file}: ${nonWhite} visible pixel${nonWhite === 1 ? ' is' : 's are'} not white; the outline icon must be white on transparent.`,
      );
    }
  }
  return faults;
}
