import type { FieldProblem } from '../../api/formsContract.js';

interface SaveProblemProps {
  readonly detail: string;
  readonly rest: readonly FieldProblem[];
}

/** The problem of a failed save, with the field errors no input could show. */
export function SaveProblem({ detail, rest }: SaveProblemProps) {
  return (
    <div role="alert" className="form-problem">
      <p>The record was not saved: {detail}</p>
      {rest.length > 0 ? (
        <ul>
          {rest.map((problem) => (
            <li key={`${problem.field}:${problem.message}`}>
              {problem.field}: {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
