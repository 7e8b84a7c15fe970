import { T } from '../i18n/index.js';

/** Says plainly that the figures on screen are generated, so nobody mistakes them for real ones. */
export function SyntheticBanner() {
  return (
    <p className="banner" role="note">
      <T id="app.synthetic" values={{ strong: (text) => <strong>{text}</strong> }} />
    </p>
  );
}
