// The Timeline's stepper, in the browser: a range input over the run's moments (every change of a
// thread, every output line) and two buttons. At each moment the cursor crosses every lane, each
// thread's label says its state then, the output line just printed is lit (later ones dimmed),
// and the range's aria-valuetext tells a screen reader what changed.
const EPS = 0.05; // moments are rounded to a tenth of a millisecond

interface Seg {
  el: HTMLElement;
  from: number;
  to: number;
  words: string;
}

const ms = (t: number) => `${t < 10 ? t.toFixed(1) : Math.round(t)} ms`;

export function setupTimeline(figure: HTMLElement): void {
  const moments = JSON.parse(figure.dataset.moments ?? '[]') as number[];
  const end = Number(figure.dataset.end);
  const markers = JSON.parse(figure.dataset.markers ?? '[]') as { t: number; event: string }[];
  const range = figure.querySelector<HTMLInputElement>('input.tl-range');
  const controls = figure.querySelector<HTMLElement>('.tl-controls');
  const now = figure.querySelector<HTMLElement>('.tl-now');
  if (!range || !controls || !now || moments.length < 2) return;
  const lanes = [...figure.querySelectorAll<HTMLElement>('[data-lane]')].map((lane) => ({
    el: lane,
    label: lane.dataset.label ?? '',
    state: lane.querySelector<HTMLElement>('.tl-state'),
    segs: [...lane.querySelectorAll<HTMLElement>('.tl-seg')].map((el): Seg => ({
      el,
      from: Number(el.dataset.from),
      to: Number(el.dataset.to),
      words: el.dataset.words ?? '',
    })),
  }));
  const lines = [...figure.querySelectorAll<HTMLElement>('.tl-output li, .tl-tick')].map((el) => ({
    el,
    t: Number(el.dataset.t),
    text: el.querySelector('code')?.textContent ?? null,
  }));
  const cursors = figure.querySelectorAll<HTMLElement>('.tl-cursor');
  const steps = figure.querySelectorAll<HTMLButtonElement>('.tl-step');

  const show = (index: number) => {
    const t = moments[index]!;
    const isEnd = index === moments.length - 1;
    const left = `${end > 0 ? Math.min(100, (t / end) * 100) : 0}%`;
    for (const cursor of cursors) {
      cursor.hidden = isEnd;
      cursor.style.left = left;
    }
    // At the end the figure is the whole run, as without JavaScript; before it, later parts dim.
    figure.classList.toggle('is-stepping', !isEnd);
    // The output: what is printed by now, the latest lit.
    const printed = lines.filter((l) => l.t <= t + EPS);
    const latest = printed.length ? Math.max(...printed.map((l) => l.t)) : null;
    for (const line of lines) {
      line.el.classList.toggle('future', line.t > t + EPS);
      line.el.classList.toggle('lit', !isEnd && latest !== null && Math.abs(line.t - latest) < EPS);
    }
    const justPrinted = lines.filter((l) => l.text !== null && Math.abs(l.t - t) < EPS).map((l) => `“${l.text}”`);
    // The threads: the segment each is in, and which changed at this moment.
    const changed: string[] = [];
    for (const lane of lanes) {
      const seg = lane.segs.find((s) => s.from <= t + EPS && (t + EPS < s.to || s.to >= end));
      for (const s of lane.segs) {
        s.el.classList.toggle('future', s.from > t + EPS);
        s.el.classList.toggle('now', s === seg);
      }
      const words = seg ? seg.words : 'not seen yet';
      if (lane.state) lane.state.textContent = words;
      const isChange = !!seg && Math.abs(seg.from - t) < EPS;
      lane.el.classList.toggle('changed', isChange && !isEnd);
      if (isChange) changed.push(`${lane.label}: ${words}`);
    }
    const events = markers.filter((m) => Math.abs(m.t - t) < EPS).map((m) => m.event);
    const what = [...events, justPrinted.length ? `printed ${justPrinted.join(', ')}` : '', ...changed].filter(Boolean);
    const at = isEnd ? `${ms(t)}, the end` : `${ms(t)} of ${ms(end)}`;
    const text = what.length ? `${at}: ${what.join('; ')}` : `${at}: no change`;
    now.textContent = text;
    range.setAttribute('aria-valuetext', text);
    // aria-disabled, not disabled: a disabled button would drop the keyboard's focus.
    steps[0]!.setAttribute('aria-disabled', String(index === 0));
    steps[1]!.setAttribute('aria-disabled', String(index === moments.length - 1));
  };

  controls.hidden = false;
  now.hidden = false;
  range.addEventListener('input', () => show(Number(range.value)));
  for (const button of steps) {
    button.addEventListener('click', () => {
      const next = Math.min(moments.length - 1, Math.max(0, Number(range.value) + Number(button.dataset.step)));
      range.value = String(next);
      show(next);
    });
  }
  show(Number(range.value));
}
