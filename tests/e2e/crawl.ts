// A small crawler over a served site: every page reachable from the home page, and
// every internal URL a page or stylesheet names (href, src, CSS url()), fetched once.
import type { Site } from './sites.ts';

export interface Crawl {
  pages: string[];
  /** Internal URLs that did not answer 200, with the page that named them. */
  broken: { url: string; status: number; from: string }[];
  /** Root-relative links that escape the site's base (they break sub-path hosting). */
  outsideBase: { url: string; from: string }[];
  fetched: number;
}

const attribute = /\s(?:href|src)="([^"]+)"/g;
const cssUrl = /url\((?:'|")?([^'")]+)(?:'|")?\)/g;

export async function crawl(site: Site): Promise<Crawl> {
  const start = new URL(site.url);
  const seen = new Map<string, number>();
  const queue: { url: string; from: string }[] = [{ url: start.href, from: '(start)' }];
  const result: Crawl = { pages: [], broken: [], outsideBase: [], fetched: 0 };
  while (queue.length) {
    const { url, from } = queue.shift()!;
    if (seen.has(url)) continue;
    const response = await fetch(url);
    result.fetched++;
    seen.set(url, response.status);
    if (response.status !== 200) {
      result.broken.push({ url, status: response.status, from });
      continue;
    }
    const type = response.headers.get('content-type') ?? '';
    const isPage = type.includes('text/html');
    const isCss = type.includes('text/css');
    if (!isPage && !isCss) continue;
    const text = await response.text();
    if (isPage) result.pages.push(url);
    for (const match of text.matchAll(isPage ? attribute : cssUrl)) {
      const raw = match[1].replace(/&amp;/g, '&');
      if (raw.startsWith('data:') || raw.startsWith('#') || raw.startsWith('mailto:')) continue;
      const target = new URL(raw, url);
      target.hash = '';
      if (target.origin !== start.origin) continue; // off-site links are the browser tests' business
      if (!target.pathname.startsWith(start.pathname)) {
        result.outsideBase.push({ url: target.href, from: url });
        continue;
      }
      if (!seen.has(target.href)) queue.push({ url: target.href, from: url });
    }
  }
  result.pages.sort();
  return result;
}
