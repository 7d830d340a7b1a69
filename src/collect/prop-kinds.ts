// Prop schemas more than one component uses: free text, the name of a published value, a caption,
// a run's id, a flag.
import { z } from 'zod';
import { RUN_ID } from '../frozen/identity.ts';
import { help } from './props.ts';

export const text = (takes: string, write: string) => z.string().meta(help({ takes, write }));

export const valueName = z
  .string()
  .min(1)
  .meta(help({ takes: 'the name of a value a run of this chapter publishes', write: 'name="pipe_capacity"' }));

/** A value-name prop that says what kind of value it wants: "a published table of …". */
export const valueOf = (takes: string, write: string) => z.string().min(1).meta(help({ takes, write }));

export const caption = text('text', 'caption="What the figure shows."');

/** A run's id (`<Run id>`, `<Timeline run>`): its frozen file, its anchor. */
export const runId = z
  .string()
  .regex(RUN_ID)
  .meta(help({ takes: 'an id of letters, digits, "-", "_" or "."', write: 'id="bob-hang"' }));

/** A bare prop (`alone`) is true; "true"/"false" as text are read as booleans. */
export const flag = (prop: string) =>
  z
    .union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')])
    .meta(help({ takes: 'true or false', write: `${prop} (the bare word) or ${prop}={false}` }));
