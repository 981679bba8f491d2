// The shapes of the letters and suggestions API (issue 17) as the console reads them; the API's
// services are the authority (api/services/letters.ts, api/services/suggestions.ts).

export type Region = { page: number; x: number; y: number; w: number; h: number };
export type LetterFieldsView = { names: string[]; phones: string[]; idNumbers: string[]; address: string; date: string; signatories: number };

export type CaseRefView = {
  caseNo: string;
  title: string;
  categoryCode: string;
  categoryName: string;
  scope: string | null;
  scopeLabel: string | null;
  agencyId: string | null;
  agencyName: string | null;
  status: string;
  statusLabel: string;
  score: number;
  words: string[];
};
type Reasons = { cases: CaseRefView[]; words: string[] };
export type RuleRefView = { id: string; name: string; keywords: string[] };

export type SuggestionsView = {
  id: string | null;
  basis: number;
  category: ({ code: string; name: string; share: number; source: string; alternatives: Array<{ code: string; name: string; share: number }> } & Reasons) | null;
  scope: ({ value: string; label: string; share: number | null; source: string; rule: RuleRefView | null } & Reasons) | null;
  agency: ({ id: string; name: string; share: number; source: string } & Reasons) | null;
  decline: { reasonCode: string; reasonLabel: string; guidance: string; guidancePath: string; source: string; rule: RuleRefView | null } | null;
  similar: CaseRefView[];
};

export type LetterSummary = {
  id: string;
  name: string;
  status: 'queued' | 'recognising' | 'done' | 'failed';
  progress: number;
  pagesTotal: number;
  pagesDone: number;
  error: string | null;
  confidence: number | null;
  caseNo: string | null;
};

export type LetterDetail = LetterSummary & {
  lowConfidence: boolean;
  message: string | null;
  text: string;
  title: string;
  request: string;
  fields: LetterFieldsView;
  regions: Record<string, Region[]>;
  pages: Array<{ page: number; width: number; height: number; url: string }>;
  attachmentId: string | null;
  attachmentSize: number | null;
  suggestionId: string | null;
  suggestions: SuggestionsView | null;
};
