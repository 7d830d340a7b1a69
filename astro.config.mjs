// hangtime's site: static pages, MDX chapters, and the integration that runs every
// snippet a chapter declares before the pages render.
// HANGTIME_BASE hosts the site under a sub-path (e.g. /hangtime/); HANGTIME_OUT_DIR
// lets tests build fixture sites side by side without touching dist/.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { namedCodeBlock } from './src/components/code-block.ts';
import hangtime from './src/integration/index.ts';

const base = process.env.HANGTIME_BASE || '/';

export default defineConfig({
  output: 'static',
  base,
  trailingSlash: 'ignore',
  outDir: process.env.HANGTIME_OUT_DIR || './dist',
  // Fixture builds keep their own content-layer cache, so they never mix with the story's.
  cacheDir: process.env.HANGTIME_ASTRO_CACHE_DIR || './node_modules/.astro',
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'auto' },
  markdown: {
    shikiConfig: {
      // The high-contrast GitHub themes: every token colour passes WCAG AA on its background.
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
      transformers: [namedCodeBlock],
    },
  },
  integrations: [mdx(), hangtime()],
  vite: {
    build: {
      rolldownOptions: {
        // Astro's MDX pages carry a "use astro:head-inject" directive that Rolldown warns it may
        // not keep when bundling, once per chapter; Astro reads it before bundling, so nothing is
        // lost. Upstream: https://github.com/withastro/astro/issues/18087 (open). Only that one
        // warning is dropped; every other log goes through.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('"use astro:head-inject"')) return;
          handler(level, log);
        },
      },
    },
  },
});
