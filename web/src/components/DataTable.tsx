import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';

export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly render: (row: T) => ReactNode;
  /** The API's sort key for this column, when the list can be sorted by it. */
  readonly sortKey?: string;
  readonly numeric?: boolean;
  /** A CSS width for the column, e.g. '8rem' or '30%'. */
  readonly width?: string;
}

interface Props<T> {
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  /** The current sort, `quantity` or `-quantity`; empty for the API's default order. */
  readonly sort: string;
  readonly onSort: (sort: string) => void;
}

type Direction = 'ascending' | 'descending' | 'none';

function directionOf(sort: string, key: string): Direction {
  if (sort === key) return 'ascending';
  if (sort === `-${key}`) return 'descending';
  return 'none';
}

/** A table whose sortable headers are buttons; the order is announced with aria-sort and an arrow. */
export function DataTable<T>({ caption, columns, rows, rowKey, sort, onSort }: Props<T>) {
  const t = useT();
  // The wrapper scrolls sideways on narrow screens instead of squeezing columns to nothing.
  return (
    <div className="data-table-scroll">
      <table className="data-table">
        <caption>{caption}</caption>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} style={column.width ? { width: column.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = column.sortKey ? directionOf(sort, column.sortKey) : 'none';
              const sortKey = column.sortKey;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={sortKey ? direction : undefined}
                >
                  {sortKey ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => onSort(direction === 'ascending' ? `-${sortKey}` : sortKey)}
                      title={t('lists.sortBy', {
                        column: column.header,
                        descending: direction === 'ascending' ? 'yes' : 'no',
                      })}
                    >
                      {column.header}
                      <span className="sort-button__mark" aria-hidden="true">
                        {direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ' ↕'}
                      </span>
                      {direction !== 'none' ? (
                        <span className="visually-hidden">
                          {' '}
                          {direction === 'ascending'
                            ? t('lists.sortedAscending')
                            : t('lists.sortedDescending')}
                        </span>
                      ) : null}
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? 'num' : undefined}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
