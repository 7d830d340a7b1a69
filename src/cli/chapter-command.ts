// `hangtime chapter <number|slug>`: wires the site's chapter runner into the CLI.
export async function chapterCommand(argv: string[]): Promise<number> {
  if (argv.length !== 1) {
    console.error('hangtime: chapter takes one chapter number or slug, e.g. hangtime chapter 1');
    return 2;
  }
  const { runChapter } = await import('./chapter.ts');
  return runChapter(argv[0]!, { stdout: process.stdout });
}
