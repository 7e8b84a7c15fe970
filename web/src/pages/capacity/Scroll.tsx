import type { ReactNode } from 'react';

/** A table that may scroll sideways on a narrow screen, reachable by keyboard to do so. */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
    <section className="data-table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
