import { SectionTabs } from '../../components/SectionTabs.js';
import { useT } from '../../i18n/index.js';

/** Sources, FX rates and (for those who review them) possible duplicates: the reference data behind the figures. */
export function RegistryTabs({ current }: { current: '/sources' | '/fx' }) {
  const t = useT();
  return (
    <SectionTabs
      label={t('registry.tabs')}
      current={current}
      tabs={[
        { path: '/sources', label: t('registry.sources') },
        { path: '/fx', label: t('registry.fx') },
      ]}
    />
  );
}
