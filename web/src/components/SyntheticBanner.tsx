/** Says plainly that the figures on screen are generated, so nobody mistakes them for real ones. */
export function SyntheticBanner() {
  return (
    <p className="banner" role="note">
      <strong>Demo data is synthetic</strong> — these records were generated for demonstration and are not
      real-world figures.
    </p>
  );
}
