import { useQueryState } from '../../api/useQueryState.js';
import { type SearchHit, type SearchKind, useSearch } from '../../api/useSearch.js';
import { RemoteState } from '../../components/RemoteState.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Link } from '../../router.js';

const KIND_LABELS: Readonly<Record<SearchKind, string>> = {
  need: 'search.kindNeed',
  pledge: 'search.kindPledge',
  organisation: 'search.kindOrganisation',
  item: 'search.kindItem',
  event: 'search.kindEvent',
  shipment: 'search.kindShipment',
  incident: 'search.kindIncident',
};

/** Where a found record opens (null: a kind without a page of its own). */
const PAGES: Readonly<Record<SearchKind, string | null>> = {
  need: '/needs',
  pledge: '/pledges',
  organisation: '/organisations',
  item: '/items',
  event: '/events',
  shipment: '/shipments',
  incident: '/incidents',
};

function HitTitle({ kind, hit }: { kind: SearchKind; hit: SearchHit }) {
  const locale = useLocale();
  const title = locale === 'uk' && hit.title_uk ? hit.title_uk : hit.title;
  const page = PAGES[kind];
  return page ? <Link to={`${page}/${hit.id}`}>{title}</Link> : <span>{title}</span>;
}

/** /search?q=…: what matches every word, grouped by kind; `kind` shows one kind at more length. */
export default function SearchPage() {
  const t = useT();
  const [query] = useQueryState();
  const q = (query.get('q') ?? '').trim();
  const kind = query.get('kind');
  const result = useSearch(q, kind);

  return (
    <section className="panel search-page" aria-labelledby="search-title">
      <div className="panel__head">
        <h2 id="search-title">{q ? t('search.titleFor', { q }) : t('search.title')}</h2>
      </div>
      {q ? (
        <RemoteState
          remote={result}
          what={t('search.what')}
          isEmpty={(data) => data.groups.every((group) => group.items.length === 0)}
          empty={t('search.none', { q })}
        >
          {(data) => (
            <>
              {kind ? (
                <p>
                  <Link to={`/search?q=${encodeURIComponent(q)}`}>{t('search.allKinds')}</Link>
                </p>
              ) : null}
              {data.groups
                .filter((group) => group.items.length > 0)
                .map((group) => (
                  <section
                    key={group.kind}
                    className="search-group"
                    aria-labelledby={`search-group-${group.kind}`}
                  >
                    <h3 id={`search-group-${group.kind}`}>
                      {t(KIND_LABELS[group.kind])}{' '}
                      <span className="search-group__count">
                        {t(group.more ? 'search.countMore' : 'search.count', { count: group.items.length })}
                      </span>
                    </h3>
                    <ul className="search-results">
                      {group.items.map((hit) => (
                        <li key={hit.id}>
                          <HitTitle kind={group.kind} hit={hit} />
                          {hit.subtitle ? (
                            <span className="search-results__subtitle">{hit.subtitle}</span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                    {group.more && !kind ? (
                      <Link to={`/search?q=${encodeURIComponent(q)}&kind=${group.kind}`}>
                        {t('search.more', { kind: t(KIND_LABELS[group.kind]) })}
                      </Link>
                    ) : null}
                  </section>
                ))}
            </>
          )}
        </RemoteState>
      ) : (
        <p className="state state--empty">{t('search.prompt')}</p>
      )}
    </section>
  );
}
