/**
 * Optional, not part of `npm test`: renders the first page of a committee paper to PNG with LibreOffice
 * (to PDF) and poppler (first page to PNG), to look at the document as Word users will. Needs
 * `apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils`.
 *
 *   npx tsx tests/reports/render-paper.ts [out-dir]   (default: <tmp>/paper-render)
 *
 * Prints the .docx and .png paths, and fails when LibreOffice is missing or the page comes out blank.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { PNG } from 'pngjs';
import { buildPaper, renderPaperDocx } from '../../src/reports';
import { periodById } from '../../src/domain/periods';
import { Q4, risks, settings, snapshots } from './demo-register';

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? join(tmpdir(), 'paper-render'));
  mkdirSync(dir, { recursive: true });
  const period = periodById(Q4);
  if (!period.ok) throw new Error(`Bad period ${Q4}`);
  const paper = buildPaper({
    settings,
    period: period.value,
    risks,
    snapshots,
    options: { committee: 'Cabinet Committee' },
  });
  const docx = join(dir, 'committee-paper.docx');
  writeFileSync(docx, await renderPaperDocx(paper));
  const run = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { stdio: 'pipe', timeout: 180_000 });
    } catch (err) {
      throw new Error(
        `${cmd} failed on ${docx} (${err instanceof Error ? err.message : String(err)}). ` +
          'Install it with apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils.',
      );
    }
  };
  // The Writer-only LibreOffice package has no PNG export filter; PDF then poppler gives the first page.
  run('soffice', ['--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, docx]);
  run('pdftoppm', [
    '-png',
    '-r',
    '80',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    join(dir, 'committee-paper.pdf'),
    join(dir, 'committee-paper'),
  ]);
  const pngPath = join(dir, 'committee-paper.png');
  const png = PNG.sync.read(readFileSync(pngPath));
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 200) inked++;
  if (inked < 500)
    throw new Error(`${pngPath} is blank (${inked} dark pixels): the document did not render.`);
  console.log(`${docx}\n${pngPath} (${png.width}x${png.height}, ${inked} dark pixels)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
