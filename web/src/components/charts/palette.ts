/** Series colours, chosen to stay apart for common colour-vision deficiencies (Okabe–Ito). */
export const SERIES_COLOURS = {
  needed: '#999999',
  announced: '#56B4E9',
  committed: '#E69F00',
  allocated: '#CC79A7',
  shipped: '#0072B2',
  delivered: '#009E73',
} as const;
