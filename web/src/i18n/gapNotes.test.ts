import { describe, expect, it } from 'vitest';
import { ALL_GAP_NOTES } from '../../../src/core/gaps/gap.service.js';
import { ALL_CONVERSION_NOTES } from '../../../src/core/reports/conversion.service.js';
import { CONVERSION_NOTE_IDS, GAP_NOTE_IDS } from './gapNotes.js';

// The reports' notes come from the API in English and are shown through these tables: a note the
// API gained or reworded without an entry here would show in English on the Ukrainian page.
describe('report notes in the reader’s language', () => {
  it('has a message for every note of the gap report', () => {
    expect(ALL_GAP_NOTES.filter((note) => GAP_NOTE_IDS[note] === undefined)).toEqual([]);
  });

  it('has a message for every note of the event and donor reports', () => {
    expect(ALL_CONVERSION_NOTES.filter((note) => CONVERSION_NOTE_IDS[note] === undefined)).toEqual([]);
  });
});
