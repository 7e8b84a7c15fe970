import type { GapGroup, GapReport } from '../api/contract.js';
import type { Remote } from '../api/useRemote.js';
import { GapTable } from './GapTable.js';

interface Props {
  readonly gaps: Remote<GapReport>;
  readonly linkFor?: (group: GapGroup) => string | undefined;
}

/** The gap report or, while there is none to show, why: loading, nothing recorded, or the API's problem. */
export function GapPanel({ gaps, linkFor }: Props) {
  switch (gaps.state) {
    case 'loading':
      return (
        <p className="state state--loading" role="status">
          Loading the gap report…
        </p>
      );
    case 'error':
      return (
        <div className="state state--error" role="alert">
          <p>
            <strong>The gap report could not be loaded.</strong>
          </p>
          <p className="state__detail">{gaps.detail}</p>
        </div>
      );
    case 'ready':
      if (gaps.data.groups.length === 0) {
        return (
          <p className="state state--empty" role="status">
            No needs or pledges are recorded yet, so there are no gaps to show.
          </p>
        );
      }
      return <GapTable report={gaps.data} linkFor={linkFor} />;
  }
}
