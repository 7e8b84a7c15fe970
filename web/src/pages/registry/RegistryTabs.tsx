import { permission } from '../../api/permissions.js';
import { useSession } from '../../api/useSession.js';
import { SectionTabs } from '../../components/SectionTabs.js';
import { useT } from '../../i18n/index.js';

/** Sources, FX rates and (for those who review them) possible duplicates: the reference data behind the figures. */
export function RegistryTabs({ current }: { current: '/sources' | '/fx' | '/duplicates' }) {
  const t = useT();
  const { state: session } = useSession();
  const reviewer = permission(session, 'review-duplicates').allowed;
  return (
    <SectionTabs
      label={t('registry.tabs')}
      current={current}
      tabs={[
        { path: '/sources', label: t('registry.sources') },
        { path: '/fx', label: t('registry.fx') },
        ...(reviewer || current === '/duplicates'
          ? [{ path: '/duplicates', label: t('registry.duplicates') }]
          : []),
      ]}
    />
  );
}
