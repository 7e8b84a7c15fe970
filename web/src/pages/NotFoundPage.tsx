import { Link } from '../router.js';

/** Any path the route table does not know. */
export function NotFoundPage() {
  return (
    <section className="panel">
      <h2>Page not found</h2>
      <p>
        There is no page at this address. <Link to="/">Go to the overview</Link>.
      </p>
    </section>
  );
}
