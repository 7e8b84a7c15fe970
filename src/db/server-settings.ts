/** PostgreSQL settings given at start (`postgres -c name=value`), e.g. WAL archiving or a recovery target. */
export type ServerSettings = Readonly<Record<string, string>>;

/**
 * The settings as `-c` options for `pg_ctl -o`: pg_ctl hands that string to /bin/sh, so each
 * `name=value` is one single-quoted word and postgres receives the value verbatim.
 */
export function formatServerSettings(settings: ServerSettings | undefined): string {
  if (!settings) return '';
  return Object.entries(settings)
    .map(([name, value]) => {
      if (!/^[a-z_][a-z0-9_.]*$/.test(name)) throw new Error(`not a PostgreSQL setting name: ${name}`);
      return ` -c ${shellQuote(`${name}=${value}`)}`;
    })
    .join('');
}

/** One shell word, whatever the text holds. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
