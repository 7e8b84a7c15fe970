/** The day the command's data is as of, noted when the database opens, for every report's header. */
let dataAsOf: string | undefined;

export function noteDataAsOf(day: string): void {
  dataAsOf = day;
}

/** "data as of 2022-11-24", or undefined before a database was opened. */
export function dataAsOfLine(): string | undefined {
  return dataAsOf === undefined ? undefined : `data as of ${dataAsOf}`;
}
