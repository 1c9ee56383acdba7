/** A folder of quick phrases (分组). */
export interface PhraseGroup {
  id: number;
  name: string;
  /** Display position; smaller first. */
  sortOrder: number;
  /** True for 默认分组, which cannot be renamed or deleted. */
  isDefault: boolean;
  phraseCount: number;
}

/** A quick phrase (快捷短语). Times are ms since the epoch. */
export interface Phrase {
  id: number;
  groupId: number;
  groupName: string;
  /** 快捷编码 as the agent typed it, or null. */
  shortcutCode: string | null;
  /** Trimmed text with LF line breaks and Wangwang emoticon codes, 1–2,000 code points. */
  content: string;
  sortOrder: number;
  useCount: number;
  lastUsedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Fields the agent sets when creating or editing a phrase. */
export interface PhraseDraft {
  groupId: number;
  shortcutCode: string | null;
  content: string;
}

/** One ranked search hit. */
export interface PhraseHit {
  phrase: Phrase;
  /** True when a query term is a prefix of the shortcut code (ranked first). */
  codeMatch: boolean;
}

/** A search answer: the first `limit` hits in rank order and the total number of matches. */
export interface PhraseSearchResult {
  hits: PhraseHit[];
  total: number;
}

/** What an import did (CLI `import --json`, the import dialog's summary). */
export interface ImportSummary {
  /** New phrases added. */
  imported: number;
  /** Existing phrases updated in place from a row naming their code (`onCodeConflict: 'update'`). */
  updated: number;
  /** Rows already in the list as they are (or earlier in the file), so nothing was written. */
  duplicates: number;
  /** Distinct groups among the rows that added or updated a phrase. */
  groups: number;
  problems: { line: number; code: string; params?: Record<string, string | number> }[];
}

/** How a non-empty group is deleted: its phrases go to 默认分组 or are deleted with it. */
export type DeleteGroupMode = 'moveToDefault' | 'deletePhrases';

/**
 * Phrases for an export as columns — row i is `group[i]`, `code[i]`, `content[i]` — in display
 * order. Columns, not an object per phrase: an export reads 100,000 phrases, and the objects were
 * a third of its JavaScript time (the bench).
 */
export interface ExportColumns {
  group: string[];
  code: (string | null)[];
  content: string[];
}

/**
 * One group's phrases for an export, in display order: each row is `[code, content]` (code null
 * when the phrase has none). The CSV export streams these one group at a time, so at most one
 * group's rows are ever held (docs/packs.md "Our CSV").
 */
export interface ExportBlock {
  group: string;
  rows: readonly (readonly [string | null, string])[];
}
