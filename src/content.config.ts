// The chapters collection: one MDX file a chapter, frontmatter checked by zod.
// A bad or missing field fails the build naming the file and the field.
// HANGTIME_CONTENT_DIR points it at a fixture chapters folder (tests build those).
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const chapters = defineCollection({
  loader: glob({
    pattern: '[0-9][0-9]-*.mdx',
    base: process.env.HANGTIME_CONTENT_DIR || './content/chapters',
    // The file name is the URL: 01-a-program-that-never-finishes.mdx → /01-a-program-that-never-finishes/
    generateId: ({ entry }) => entry.replace(/\.mdx$/, ''),
  }),
  schema: z.object({
    /** The chapter's title, shown as its heading and in the chapter list. */
    title: z.string().min(1),
    /** One line (no line break, at most 160 characters) telling what the chapter shows. */
    summary: z
      .string()
      .min(1)
      .max(160)
      .refine((s) => !s.includes('\n'), 'summary must be one line'),
    /** Position in the story, 1 first; chapters are listed and linked in this order. */
    order: z.number().int().positive(),
    /** A shorter title for previous/next links, when the title is long. */
    shortTitle: z.string().min(1).optional(),
  }),
});

export const collections = { chapters };
