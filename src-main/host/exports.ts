import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RequestMap } from '../../src-shared/api/requests';
import { frontierToCsv } from '../engine/runs/frontier-csv';
import type { FrontierPoint } from '../engine/sweep-types';

/** Saves an export and says where it went (null: the user cancelled). */
export type SaveExport = (fileName: string, bytes: Buffer) => Promise<string | null>;

/** Keeps the name a plain file name on every platform, with the format's extension. */
export function exportFileName(name: string, format: string): string {
  const base = name
    .replace(/\.(png|svg|csv)$/i, '')
    .replace(/[^A-Za-z0-9._ -]+/g, '-')
    .replace(/^[.\s-]+/, '')
    .slice(0, 100);
  return `${base || 'chart'}.${format}`;
}

const MIME_TYPES = { png: 'image/png', svg: 'image/svg+xml', csv: 'text/csv' } as const;

export function exportBytes(
  params: RequestMap['export:chart']['parsed'],
  points: FrontierPoint[],
): { fileName: string; mimeType: string; bytes: Buffer } {
  const fileName = exportFileName(params.name, params.format);
  const mimeType = MIME_TYPES[params.format];
  switch (params.format) {
    case 'png':
      return { fileName, mimeType, bytes: Buffer.from(params.dataUrl.slice(params.dataUrl.indexOf(',') + 1), 'base64') };
    case 'svg':
      return { fileName, mimeType, bytes: Buffer.from(params.svg, 'utf8') };
    case 'csv':
      return { fileName, mimeType, bytes: Buffer.from(params.text ?? frontierToCsv(points), 'utf8') };
  }
}

/** Exports into one folder without a dialog, never overwriting (tests; a headless host could use it too). */
export function saveToFolder(folder: string): SaveExport {
  return async (fileName, bytes) => {
    await mkdir(folder, { recursive: true });
    const { name, ext } = path.parse(fileName);
    for (let n = 0; ; n++) {
      const file = path.join(folder, n === 0 ? fileName : `${name} (${n})${ext}`);
      try {
        await writeFile(file, bytes, { flag: 'wx' });
        return file;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  };
}
