import type { FieldProblem } from '../../api/formsContract.js';
import { useT } from '../../i18n/index.js';

interface SaveProblemProps {
  readonly detail: string;
  readonly rest: readonly FieldProblem[];
}

/** The problem of a failed save, with the field errors no input could show. */
export function SaveProblem({ detail, rest }: SaveProblemProps) {
  const t = useT();
  return (
    <div role="alert" className="form-problem">
      <p>{t('needForm.notSaved', { detail })}</p>
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
