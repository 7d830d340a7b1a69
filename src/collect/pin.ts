// A pin: the article's number that a published value must reproduce. Read once, by the Value
// schema (pin={65514} and pin="65,514" are the same pin), and compared by one rule, on the page
// (Value.astro notes a difference) and in verify (a difference fails).

/** A pin as read: a number when the chapter's text reads as one, else the text itself. */
export type Pin = number | string;

/** A number as prose writes it: 65514, 65,514, -3, 1.5 (thousands separators in groups of three). */
const NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/** pin={65514} → 65514, pin="65,514" → 65514, pin="about 64 KiB" → the text. */
export function readPin(raw: number | string): Pin {
  if (typeof raw === 'number') return raw;
  const text = raw.trim();
  return NUMBER.test(text) ? Number(text.replace(/,/g, '')) : raw;
}

/** Whether a published value is the pinned one: read the way pins are, then equal. */
export function pinMatches(pin: Pin, value: unknown): boolean {
  return (typeof value === 'number' || typeof value === 'string') && readPin(value) === pin;
}
