// A fenced code block written in a chapter (```py … ```), as Shiki renders it for MDX: a box
// that may scroll sideways on a phone, so it is a named region the keyboard can reach, like the
// snippet boxes highlight.ts renders (the reading-layout test holds every such box to this).
import type { ShikiTransformer } from 'shiki';

const LANGUAGES: Record<string, string> = {
  py: 'Python',
  python: 'Python',
  ts: 'TypeScript',
  typescript: 'TypeScript',
  js: 'JavaScript',
  sh: 'shell',
  bash: 'shell',
  shell: 'shell',
  console: 'terminal',
};

/** The Shiki transformer astro.config.mjs gives MDX: tabindex 0, role region, "Python code" and the like. */
export const namedCodeBlock: ShikiTransformer = {
  name: 'hangtime:named-code-block',
  pre(node) {
    const lang = this.options.lang;
    node.properties.tabindex = '0';
    node.properties.role = 'region';
    node.properties['aria-label'] =
      lang && lang !== 'text' && lang !== 'plaintext' ? `${LANGUAGES[lang] ?? lang} code` : 'text';
  },
};
