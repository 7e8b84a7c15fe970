import type { GapGroup, GapReport } from '../api/contract.js';
import type { Remote } from '../api/useRemote.js';
import { useT } from '../i18n/index.js';
import { GapTable } from './GapTable.js';

interface Props {
  readonly gaps: Remote<GapReport>;
  readonly linkFor?: (group: GapGroup) => string | undefined;
}

/** The gap report or, while there is none to show, why: loading, nothing recorded, or the API's problem. */
export function GapPanel({ gaps, linkFor }: Props) {
  const t = useT();
  switch (gaps.state) {
    case 'loading':
      return (
        <p className="state state--loading" role="status">
          {t('gaps.loading')}
        </p>
      );
    case 'error':
      return (
        <div className="state state--error" role="alert">
          <p>
            <strong>{t('gaps.failed')}</strong>
          </p>
          <p className="state__detail">{gaps.detail}</p>
        </div>
      );
    case 'ready':
      if (gaps.data.groups.length === 0) {
        return (
          <p className="state state--empty" role="status">
            {t('gaps.empty')}
          </p>
        );
      }
      return <GapTable report={gaps.data} linkFor={linkFor} />;
  }
}
