import type { PledgeTransition } from '../api/contract.js';
import { formatQuantity } from '../format.js';

/** A pledge's lifecycle steps, in the order they happened. */
export function TransitionList({ transitions }: { transitions: readonly PledgeTransition[] }) {
  return (
    <table className="data-table">
      <caption>Lifecycle steps of this pledge, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Step</th>
          <th scope="col" className="num">
            Quantity
          </th>
          <th scope="col">Status</th>
          <th scope="col">By</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {transitions.map((step) => (
          <tr key={step.id}>
            <td>
              <time dateTime={step.at}>{step.at.slice(0, 10)}</time>
            </td>
            <td>{step.action.replaceAll('_', ' ')}</td>
            <td className="num">{formatQuantity(step.quantity)}</td>
            <td>
              {step.from_status.replaceAll('_', ' ')} → {step.to_status.replaceAll('_', ' ')}
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
