// Reading a published {columns, rows} table by column name, so a figure takes the cells it draws
// from a run's own table and says which table or column is missing when one is.

export interface PublishedTable {
  columns: string[];
  rows: unknown[][];
}

/** The value as a {columns, rows} table, or an error naming it. */
export function asTable(value: unknown, name: string): PublishedTable {
  const table = value as Partial<PublishedTable> | null;
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows) || !table.rows.every(Array.isArray)) {
    throw new Error(`"${name}" is not a published {columns, rows} table`);
  }
  return table as PublishedTable;
}

/** The cells of one column, each checked: an error names the table, the column and the row. */
export function column<T>(
  table: PublishedTable,
  name: string,
  heading: string,
  is: (cell: unknown) => cell is T,
  kind: string,
): T[] {
  const index = table.columns.indexOf(heading);
  if (index < 0) throw new Error(`"${name}" has no column "${heading}" (its columns: ${table.columns.join(', ')})`);
  return table.rows.map((row, i) => {
    const cell = row[index];
    if (!is(cell))
      throw new Error(`"${name}", row ${i + 1}, column "${heading}": ${JSON.stringify(cell)} is not ${kind}`);
    return cell;
  });
}

export const isCount = (cell: unknown): cell is number =>
  typeof cell === 'number' && Number.isInteger(cell) && cell >= 0;
export const isText = (cell: unknown): cell is string => typeof cell === 'string';

/** A whole number of bytes or items, or an error naming the value. */
export function asCount(value: unknown, name: string): number {
  if (!isCount(value)) throw new Error(`"${name}" is not a whole number (it is ${JSON.stringify(value)})`);
  return value;
}
