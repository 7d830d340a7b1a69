// Prop schemas more than one component uses: free text, the name of a published value, a caption.
import { z } from 'zod';
import { help } from './props.ts';

export const text = (takes: string, write: string) => z.string().meta(help({ takes, write }));

export const valueName = z
  .string()
  .min(1)
  .meta(help({ takes: 'the name of a value a run of this chapter publishes', write: 'name="pipe_capacity"' }));

/** A value-name prop that says what kind of value it wants: "a published table of …". */
export const valueOf = (takes: string, write: string) => z.string().min(1).meta(help({ takes, write }));

export const caption = text('text', 'caption="What the figure shows."');
