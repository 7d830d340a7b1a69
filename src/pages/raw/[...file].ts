// The raw bytes of every file the site serves whole (see snippet-files.ts): the download link
// of each snippet's page, so a reader can fetch exactly what ran.
import type { APIRoute } from 'astro';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { snippetRoot } from '../../collect/index.ts';
import { snippetFiles } from '../../components/snippet-files.ts';

export function getStaticPaths() {
  return snippetFiles().map(({ file }) => ({ params: { file } }));
}

export const GET: APIRoute = ({ params }) =>
  new Response(readFileSync(path.join(snippetRoot(), params.file as string)), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
