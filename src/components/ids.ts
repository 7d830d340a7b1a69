// Ids unique within one page: each component instance asks for one with its prefix (the
// first gets the prefix itself, later ones "-2", "-3"…), counted in Astro.locals, which a page
// and every component it renders share.

export function nextId(locals: App.Locals, prefix: string): string {
  const counts = (locals.ids ??= {});
  const n = (counts[prefix] = (counts[prefix] ?? 0) + 1);
  return n === 1 ? prefix : `${prefix}-${n}`;
}
