// What the registration screen's letter and suggestion islands share about the draft being
// registered (issue 17): the scanned letter it came from, its suggestion record and the
// suggestions shown, which of them the clerk adopted, and the cases registered from letters.
// One module instance per page, so Register, LetterScans, Suggestions and the triage panel see
// the same state.
import type { LetterDetail, SuggestionsView } from './types';

export const draft = $state({
  letterId: null as string | null,
  suggestionId: null as string | null,
  suggestions: null as SuggestionsView | null,
  adopted: { category: false, scope: false, agency: false, decline: false },
  /** Letters registered on this page: letter id → case number. */
  registered: {} as Record<string, string>,
});

/** A letter's recognition becomes the draft: its suggestions come with it. */
export function useLetter(l: LetterDetail) {
  draft.letterId = l.id;
  draft.suggestionId = l.suggestionId;
  draft.suggestions = l.suggestions;
  draft.adopted = { category: false, scope: false, agency: false, decline: false };
}

/** The draft was registered as `caseNo`. */
export function draftRegistered(caseNo: string) {
  if (draft.letterId) draft.registered[draft.letterId] = caseNo;
}

/** A new, empty draft (after a receipt, "register another"). */
export function resetDraft() {
  draft.letterId = null;
  draft.suggestionId = null;
  draft.suggestions = null;
  draft.adopted = { category: false, scope: false, agency: false, decline: false };
}
