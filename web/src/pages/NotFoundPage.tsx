import { T } from '../i18n/index.js';
import { Link } from '../router.js';

/** Any path the route table does not know. */
export function NotFoundPage() {
  return (
    <section className="panel">
      <h2>
        <T id="app.notFound" />
      </h2>
      <p>
        <T id="app.notFoundText" values={{ link: (text) => <Link to="/">{text}</Link> }} />
      </p>
    </section>
  );
}
