import type { PledgeTransition } from '../api/contract.js';
import { formatDay, formatQuantity } from '../format.js';
import { useT } from '../i18n/index.js';
import { PLEDGE_STATUS_IDS, word } from '../i18n/words.js';

const ACTION_IDS: Readonly<Record<string, string>> = {
  commit: 'transitionList.action.commit',
  allocate: 'transitionList.action.allocate',
  release: 'transitionList.action.release',
  ship: 'transitionList.action.ship',
  deliver: 'transitionList.action.deliver',
  lose: 'transitionList.action.lose',
  put_in_service: 'transitionList.action.put_in_service',
  cancel: 'transitionList.action.cancel',
  expire: 'transitionList.action.expire',
};

/** A pledge's lifecycle steps, in the order they happened. */
export function TransitionList({ transitions }: { transitions: readonly PledgeTransition[] }) {
  const t = useT();
  return (
    <table className="data-table transition-list">
      <caption>{t('transitionList.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('transitionList.colWhen')}</th>
          <th scope="col">{t('transitionList.colStep')}</th>
          <th scope="col" className="num">
            {t('transitionList.colQuantity')}
          </th>
          <th scope="col">{t('transitionList.colStatus')}</th>
          <th scope="col">{t('transitionList.colBy')}</th>
          <th scope="col">{t('transitionList.colNote')}</th>
        </tr>
      </thead>
      <tbody>
        {transitions.map((step) => (
          <tr key={step.id}>
            <td>
              <time dateTime={step.at}>{formatDay(step.at.slice(0, 10))}</time>
            </td>
            <td>{word(ACTION_IDS, step.action)}</td>
            <td className="num">{formatQuantity(step.quantity)}</td>
            <td>
              {word(PLEDGE_STATUS_IDS, step.from_status)} → {word(PLEDGE_STATUS_IDS, step.to_status)}
            </td>
            <td title={step.actor}>{step.actor_name ?? step.actor}</td>
            <td>
              <span className="truncate" title={step.note ?? ''}>
                {step.note ?? '—'}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
