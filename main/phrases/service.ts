import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import { XiaoniuError, isXiaoniuError } from '../shared/errors';
import { settleClaims, type CodeClaim, type CodeConflictChoice, type CodeHolder } from './code-conflicts';
import * as repo from './repo';
import { codeKey, DEFAULT_GROUP, normalizeCode, normalizeContent, normalizeGroupName } from './rules';
import { inlineSearchBackend, type SearchBackend } from './search-backend';
import { listOrderOf, loadGroupRank } from './search-state';
import type { DeleteGroupMode, ExportBlock, ExportColumns, ImportSummary, Phrase, PhraseDraft, PhraseGroup, PhraseSearchResult } from './types';

/** A raw phrase from a pack, before the rules (see `main/packs/types.ts` PackRow). */
export interface IncomingPhrase {
  line: number;
  group: string;
  code: string;
  content: string;
}

/** Options of {@link PhraseService.importRows}. */
export interface ImportRowsOptions {
  /** 清空当前正在使用的快捷短语列表: replace the whole list, atomically. */
  replace?: boolean;
  /** Called with (rows done, rows in all) every 1,000 rows and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Polled every 1,000 rows; true rolls the whole import back with `pack.cancelled`. */
  isCancelled?: () => boolean;
  /**
   * What to do with a row whose shortcut code an existing phrase holds (see
   * {@link CodeConflictChoice}); default `keep`. Moot with `replace`.
   */
  onCodeConflict?: CodeConflictChoice;
  /**
   * Count what would happen (the preview's new / updated / duplicate / problem figures) without writing:
   * no write lock is taken, so a preview never waits for, or blocks, anyone.
   */
  dryRun?: boolean;
}

/** Options of {@link createPhraseService}. */
export interface PhraseServiceOptions {
  /**
   * Where the search index lives: the app passes a worker backend (`workerSearchBackend`), so
   * building it never blocks the main thread; default in-process, built at the first search.
   */
  search?: SearchBackend;
}

/**
 * The three ways to import a pack, as the import dialog offers them: merge keeping the codes the
 * list holds (`keep`), merge updating the phrases that hold them (`update`), or `replace` the list.
 */
export type ImportMode = CodeConflictChoice | 'replace';

/** The quick-phrase feature's operations; see {@link createPhraseService}. */
export type PhraseService = ReturnType<typeof createPhraseService>;

const PROGRESS_EVERY = 1000;
/** Imports of at least this many rows may rebuild the display-order index instead of updating it. */
const BULK_ROWS = 5000;

/** What {@link repo.loadIdentities} reads. */
type Loaded = ReturnType<typeof repo.loadIdentities>;

/**
 * Under `onCodeConflict: 'update'`, finds the rows that update an existing phrase: per code an
 * existing phrase holds (`holders`, by code key), the first row with that code, a valid group and
 * valid content. Records each claimed key's line in `takenAt`, so later rows naming the code are
 * imported without it. Polls `isCancelled` every {@link PROGRESS_EVERY} rows (`pack.cancelled`).
 * Returns the claims in file order.
 */
function findClaims(
  rows: readonly IncomingPhrase[],
  holders: ReadonlyMap<string, CodeHolder>,
  groupOf: (raw: string) => string,
  takenAt: Map<string, number>,
  isCancelled: (() => boolean) | undefined,
): CodeClaim[] {
  const claims: CodeClaim[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i % PROGRESS_EVERY === 0 && isCancelled?.()) throw new XiaoniuError('pack.cancelled');
    const row = rows[i]!;
    let code: string | null;
    try {
      code = normalizeCode(row.code);
    } catch (e) {
      if (!isXiaoniuError(e)) throw e;
      continue; // reported when the row itself is imported
    }
    if (code === null) continue;
    const key = codeKey(code);
    const holder = holders.get(key);
    if (!holder || takenAt.has(key)) continue;
    let group: string;
    let content: string;
    try {
      group = groupOf(row.group);
      content = normalizeContent(row.content);
    } catch (e) {
      if (!isXiaoniuError(e)) throw e;
      continue; // skipped and reported when the row itself is imported
    }
    takenAt.set(key, row.line);
    claims.push({ index: i, line: row.line, holder, group, content, code });
  }
  return claims;
}

/**
 * The quick-phrase service: groups, phrases, ranked search and bulk import, over one database and a
 * clock (timestamps in ms). Every method validates with `rules.ts` and throws {@link XiaoniuError}:
 * `group.notFound`, `group.nameTaken`, `group.defaultLocked`, `phrase.notFound`,
 * `phrase.codeTaken`, `phrase.codeInvalid`, `phrase.contentEmpty`, `phrase.contentTooLong`,
 * `phrase.duplicate`, `pack.cancelled`, `pack.nothingToImport`.
 *
 * The search index (`search-backend.ts`) follows this service's own writes one phrase at a time
 * and is rebuilt after bulk or structural changes and when another connection (the CLI, an import
 * worker) has committed — detected with SQLite's `data_version`, which changes only for other
 * connections' commits.
 */
export function createPhraseService(db: Database, clock: Clock, options: PhraseServiceOptions = {}) {
  const search = options.search ?? inlineSearchBackend(db);
  let seenVersion = -1;
  let groupRank = new Map<number, number>();

  /** Rebuilds the index from the store (after bulk or structural changes). */
  function invalidate(): void {
    seenVersion = repo.dataVersion(db);
    groupRank = loadGroupRank(db);
    search.rebuild();
  }

  /** Rebuilds when another connection committed since the last look. */
  function catchUp(): void {
    if (repo.dataVersion(db) !== seenVersion) invalidate();
  }

  /** Keeps the index in step with one phrase this service wrote. */
  function reindex(id: number): Phrase | undefined {
    const p = repo.getPhrase(db, id);
    if (p) search.upsert(p, listOrderOf(groupRank, p.groupId, p.sortOrder));
    else search.remove(id);
    return p;
  }

  /** True when `ids` is exactly the set `all` (each once). */
  function sameSet(ids: readonly number[], all: readonly number[]): boolean {
    if (ids.length !== all.length) return false;
    const want = new Set(all);
    const seen = new Set<number>();
    for (const id of ids) {
      if (!want.has(id) || seen.has(id)) return false;
      seen.add(id);
    }
    return true;
  }

  function requireGroup(id: number): { id: number; name: string } {
    const g = repo.getGroup(db, id);
    if (!g) throw new XiaoniuError('group.notFound', { id });
    return g;
  }

  function requirePhrase(id: number): Phrase {
    const p = repo.getPhrase(db, id);
    if (!p) throw new XiaoniuError('phrase.notFound', { id });
    return p;
  }

  function checkGroupName(raw: string, exceptId = -1): string {
    const trimmed = raw.replace(/\s+/gu, ' ').trim();
    if (!trimmed) throw new XiaoniuError('group.nameEmpty');
    const name = normalizeGroupName(trimmed);
    const other = repo.findGroupByName(db, name);
    if (other && other.id !== exceptId) throw new XiaoniuError('group.nameTaken', { name });
    return name;
  }

  function checkDraft(draft: PhraseDraft, exceptId = -1): { groupId: number; code: string | null; key: string | null; content: string } {
    requireGroup(draft.groupId);
    const content = normalizeContent(draft.content);
    const code = normalizeCode(draft.shortcutCode);
    const key = code === null ? null : codeKey(code);
    if (key !== null) {
      const owner = repo.phraseIdByCodeKey(db, key);
      if (owner !== undefined && owner !== exceptId) throw new XiaoniuError('phrase.codeTaken', { code: code! });
    }
    if (repo.hasContent(db, draft.groupId, content, exceptId)) throw new XiaoniuError('phrase.duplicate');
    return { groupId: draft.groupId, code, key, content };
  }

  const write = <T>(fn: () => T): T => db.transaction(fn).immediate();

  /**
   * {@link PhraseService.importRows}, optionally over a `preloaded` {@link repo.loadIdentities}
   * (with holders) that it copies rather than mutates: the preview's three dry runs read the list
   * once (~0.4 s for 100,000 phrases) instead of three times.
   */
  function importRowsWith(
    rows: readonly IncomingPhrase[],
    options: ImportRowsOptions,
    readerProblems: ImportSummary['problems'],
    preloaded?: Loaded,
  ): ImportSummary {
    const problems: ImportSummary['problems'] = [...readerProblems];
    let imported = 0;
    let updated = 0;
    let duplicates = 0;
    const groupsUsed = new Set<string>();
    const total = rows.length;
    const dry = options.dryRun ?? false;
    const updating = options.onCodeConflict === 'update' && !options.replace;
    const run = () => {
      const now = clock.now();
      if (options.replace && !dry) repo.clearAll(db);
      // After a replace only 默认分组 is left (clearAll), and nothing is a duplicate.
      const groupIds = options.replace ? new Map([[DEFAULT_GROUP, repo.defaultGroupId(db, now)]]) : repo.groupIdsByName(db);
      const { identities, codeOwners, holders } = options.replace
        ? { identities: new Map<string, Set<string>>(), codeOwners: new Map<string, number>(), holders: new Map<string, CodeHolder>() }
        : preloaded
          ? { ...preloaded, identities: new Map([...preloaded.identities].map(([g, set]) => [g, new Set(set)])) }
          : repo.loadIdentities(db, updating);
      // One query for every group's next place instead of one per group met (and the display-order
      // index may be dropped below, which those per-group lookups would need).
      const nextOrder = repo.nextPhraseOrders(db);
      const insert = dry ? () => 0 : repo.bulkPhraseInserter(db, now);
      let fakeGroupId = 0;
      /**
       * One group as the loop sees it: its name, id (made at its first row), the contents it holds
       * (the very Set in `identities`, which the code claims settled against) and its next place.
       * Looked up once per distinct group cell, so a row costs one small-map lookup for its group
       * instead of five (names, ids, identities, orders, groups used).
       */
      interface GroupSlot {
        name: string;
        id: number | undefined;
        contents: Set<string>;
        used: boolean;
      }
      const slotsByName = new Map<string, GroupSlot>();
      const slotNamed = (name: string): GroupSlot => {
        let slot = slotsByName.get(name);
        if (!slot) {
          let contents = identities.get(name);
          if (!contents) identities.set(name, (contents = new Set()));
          slotsByName.set(name, (slot = { name, id: groupIds.get(name), contents, used: false }));
        }
        return slot;
      };
      // ~200 distinct group cells across 100,000 rows: normalise each spelling once.
      const slotsByCell = new Map<string, GroupSlot | XiaoniuError>();
      const slotOf = (raw: string): GroupSlot => {
        let slot = slotsByCell.get(raw);
        if (slot === undefined) {
          try {
            slot = slotNamed(normalizeGroupName(raw));
          } catch (e) {
            if (!isXiaoniuError(e)) throw e;
            slot = e;
          }
          slotsByCell.set(raw, slot);
        }
        if (slot instanceof XiaoniuError) throw slot;
        return slot;
      };
      const groupOf = (raw: string): string => slotOf(raw).name;
      const idOf = (slot: GroupSlot): number => {
        if (slot.id === undefined) {
          slot.id = dry ? --fakeGroupId : repo.insertGroup(db, slot.name, now);
          groupIds.set(slot.name, slot.id);
        }
        if (!slot.used) {
          slot.used = true;
          groupsUsed.add(slot.name);
        }
        return slot.id;
      };
      /** The sort order of the next phrase put at the end of a group. */
      const takeOrder = (groupId: number): number => {
        const order = nextOrder.get(groupId) ?? 0;
        nextOrder.set(groupId, order + 1);
        return order;
      };
      /** Code key → line of the row that took it in this import (a claim or a new phrase). */
      const takenAt = new Map<string, number>();
      const claims = updating && holders.size ? findClaims(rows, holders, groupOf, takenAt, options.isCancelled) : [];
      const outcomes = settleClaims(claims, identities);
      let nextClaim = 0;
      // The list's own codes: none after a replace or in an empty list, the bench's common case.
      const checkOwners = codeOwners.size > 0;

      // Rows are stored in file order. (Sorting them by group first makes the group index grow
      // by appends but scatters the shortcut-code index: measured 40 % slower on the bench.)
      for (let i = 0; i < total; i++) {
        if (i % PROGRESS_EVERY === 0) {
          if (options.isCancelled?.()) throw new XiaoniuError('pack.cancelled');
          if (i) options.onProgress?.(i, total);
        }
        const row = rows[i]!;
        if (nextClaim < claims.length && claims[nextClaim]!.index === i) {
          const claim = claims[nextClaim]!;
          const outcome = outcomes[nextClaim++]!;
          if (outcome === 'update') {
            const h = claim.holder;
            const groupId = idOf(slotNamed(claim.group));
            const sortOrder = groupId === h.groupId ? h.sortOrder : takeOrder(groupId);
            if (!dry) {
              repo.updatePhrase(db, h.id, { groupId, shortcutCode: claim.code, codeKey: codeKey(claim.code), content: claim.content, sortOrder }, now);
            }
            updated++;
          } else {
            duplicates++;
            if (outcome === 'blocked') problems.push({ line: row.line, code: 'pack.codeNotUpdated', params: { code: claim.code } });
          }
          continue;
        }
        let slot: GroupSlot;
        let content: string;
        try {
          slot = slotOf(row.group);
          content = normalizeContent(row.content);
        } catch (e) {
          if (!isXiaoniuError(e)) throw e;
          problems.push({ line: row.line, code: e.code, params: e.params });
          continue;
        }
        // Added first and checked by the size: one hash of the content instead of two. Nothing
        // below skips the row (a bad or taken code only comes off it).
        const held = slot.contents.size;
        slot.contents.add(content);
        if (slot.contents.size === held) {
          duplicates++;
          continue;
        }
        let code: string | null = null;
        let key: string | null = null;
        try {
          code = normalizeCode(row.code);
          key = code === null ? null : codeKey(code);
        } catch (e) {
          if (!isXiaoniuError(e)) throw e;
          problems.push({ line: row.line, code: 'pack.codeInvalidDropped', params: e.params });
        }
        if (key !== null) {
          const line = takenAt.get(key);
          if (line !== undefined) {
            problems.push({ line: row.line, code: 'pack.codeRepeatedDropped', params: { code: code!, line } });
            code = key = null;
          } else if (checkOwners && codeOwners.has(key)) {
            problems.push({ line: row.line, code: 'pack.codeTakenDropped', params: { code: code! } });
            code = key = null;
          } else {
            takenAt.set(key, row.line);
          }
        }
        const groupId = idOf(slot);
        insert(groupId, code, key, content, takeOrder(groupId));
        imported++;
      }
      if (options.replace && imported === 0 && !dry) throw new XiaoniuError('pack.nothingToImport');
      if (options.isCancelled?.()) throw new XiaoniuError('pack.cancelled');
      options.onProgress?.(total, total);
    };
    if (dry) {
      db.transaction(run).deferred();
    } else {
      // A bulk import into a list no bigger than itself (the first import, a replace) builds the
      // phrase indexes once at the end and skips the per-row parent lookups: ~25 % faster on
      // 100,000 rows (the bench).
      const bulk = total >= BULK_ROWS && (options.replace || total >= repo.countPhrases(db));
      if (bulk) repo.bulkLoad(db, run);
      else db.transaction(run).immediate();
      invalidate();
    }
    problems.sort((a, b) => a.line - b.line);
    return { imported, updated, duplicates, groups: groupsUsed.size, problems };
  }

  const service = {
    /** All groups in display order with their phrase counts. */
    listGroups(): PhraseGroup[] {
      return repo.listGroups(db);
    },

    /** Every phrase in display order (group order, then phrase order). */
    listPhrases(): Phrase[] {
      return repo.listPhrases(db);
    },

    /** Creates a group at the end; throws `group.nameEmpty`, `group.nameTaken`, `group.nameTooLong`. */
    createGroup(name: string): PhraseGroup {
      const id = write(() => repo.insertGroup(db, checkGroupName(name), clock.now()));
      // New groups are appended last; later phrases in it must rank after every older group's.
      groupRank.set(id, Math.max(-1, ...groupRank.values()) + 1);
      return repo.listGroups(db).find((g) => g.id === id)!;
    },

    /** Renames a group; 默认分组 is locked (`group.defaultLocked`). */
    renameGroup(id: number, name: string): void {
      write(() => {
        const g = requireGroup(id);
        if (g.name === DEFAULT_GROUP) throw new XiaoniuError('group.defaultLocked');
        repo.renameGroup(db, id, checkGroupName(name, id), clock.now());
      });
      invalidate();
    },

    /** Puts the groups in the order of `ids` (every group id exactly once; else `group.badOrder`). */
    reorderGroups(ids: number[]): void {
      write(() => {
        if (!sameSet(ids, repo.listGroups(db).map((g) => g.id))) throw new XiaoniuError('group.badOrder');
        repo.setGroupOrder(db, ids, clock.now());
      });
      invalidate();
    },

    /**
     * Deletes a group. A non-empty group needs a mode: move its phrases to 默认分组 or delete them
     * (the panel asks). 默认分组 itself is locked.
     */
    deleteGroup(id: number, mode: DeleteGroupMode): void {
      write(() => {
        const g = requireGroup(id);
        if (g.name === DEFAULT_GROUP) throw new XiaoniuError('group.defaultLocked');
        if (mode === 'moveToDefault') {
          const target = repo.defaultGroupId(db, clock.now());
          // Moving may collide with an identical phrase already in 默认分组: keep one copy.
          for (const p of repo.listPhrasesOfGroup(db, id)) {
            if (repo.hasContent(db, target, p.content)) repo.deletePhrase(db, p.id);
          }
          repo.movePhrasesToGroup(db, id, target, clock.now());
        }
        repo.deleteGroup(db, id);
      });
      invalidate();
    },

    /** Creates a phrase at the end of its group. */
    createPhrase(draft: PhraseDraft): Phrase {
      const id = write(() => {
        const d = checkDraft(draft);
        return repo.phraseInserter(db, clock.now())({
          groupId: d.groupId,
          shortcutCode: d.code,
          codeKey: d.key,
          content: d.content,
          sortOrder: repo.nextPhraseOrder(db, d.groupId),
        });
      });
      return reindex(id) ?? requirePhrase(id);
    },

    /** Edits a phrase; moving it to another group puts it at that group's end. */
    updatePhrase(id: number, draft: PhraseDraft): Phrase {
      write(() => {
        const old = requirePhrase(id);
        const d = checkDraft(draft, id);
        const sortOrder = d.groupId === old.groupId ? old.sortOrder : repo.nextPhraseOrder(db, d.groupId);
        repo.updatePhrase(db, id, { groupId: d.groupId, shortcutCode: d.code, codeKey: d.key, content: d.content, sortOrder }, clock.now());
      });
      return reindex(id) ?? requirePhrase(id);
    },

    /** Deletes a phrase. */
    deletePhrase(id: number): void {
      write(() => {
        requirePhrase(id);
        repo.deletePhrase(db, id);
      });
      reindex(id);
    },

    /** Puts the phrases of one group in the order of `ids` (`group.badOrder` otherwise). */
    reorderPhrases(groupId: number, ids: number[]): void {
      write(() => {
        if (!sameSet(ids, repo.listPhrasesOfGroup(db, groupId).map((p) => p.id))) throw new XiaoniuError('group.badOrder');
        repo.setPhraseOrder(db, ids, clock.now());
      });
      invalidate();
    },

    /** Counts a use (the phrase was inserted or sent): raises its rank in search and suggestions. */
    recordUse(id: number): Phrase {
      write(() => {
        requirePhrase(id);
        repo.recordUse(db, id, clock.now());
      });
      return reindex(id) ?? requirePhrase(id);
    },

    /**
     * Ranked search (semantics in `search.ts`; docs/phrases.md "Search"). Resolves to the first
     * `limit` hits (all when omitted) and the total count; sees every write made before the call.
     */
    async search(query: string, limit?: number): Promise<PhraseSearchResult> {
      catchUp();
      return search.search(query, limit ?? Infinity);
    },

    /**
     * Suggested replies (推荐回复) for a buyer's message: up to `limit` phrases that best answer it,
     * ranked on this machine (rules in `suggest.ts`; docs/phrases.md "Suggested replies").
     */
    async suggest(message: string, limit = 3): Promise<PhraseSearchResult> {
      catchUp();
      return search.suggest(message, limit);
    },

    /**
     * Imports raw phrases as one transaction, by the rules every pack format shares:
     * - a row with empty, too long or unstorable content or group name is skipped and reported;
     * - a row whose identity (group + content) is already in the list, or earlier in the file, is a
     *   duplicate and skipped;
     * - a row with an invalid code is imported without it (`pack.codeInvalidDropped`), and so is one
     *   whose code an earlier row of the file took (`pack.codeRepeatedDropped` {code, line}: the
     *   first row wins, as when typing them in one by one);
     * - a code an existing phrase holds (compared by {@link codeKey}): with `onCodeConflict`
     *   `keep` (the default) the row is imported without it (`pack.codeTakenDropped`); with
     *   `update` the first valid row naming it updates that phrase in place — content, group and
     *   the code's spelling; id, use count and last-used time stay; moved to another group it goes
     *   to that group's end — and counts as `updated`. A row equal to the phrase is a duplicate. A
     *   row whose content another phrase of its group already has would make two identical
     *   phrases: the phrase is left alone, and the row counts as a duplicate and is reported
     *   (`pack.codeNotUpdated`). Updates are settled before any new phrase is added
     *   (`code-conflicts.ts`), so where a row stands in the file does not change the outcome.
     *
     * With `replace`, the old list is removed in the same transaction, so it survives a failure or
     * cancel (and no code can conflict: `onCodeConflict` is moot); `replace` with no valid row
     * throws `pack.nothingToImport` and changes nothing. A cancel throws `pack.cancelled` and rolls
     * everything back. `readerProblems` (from the file reader) are merged into the summary's
     * problems in line order. A dry run counts exactly what the import would do, by the same code.
     */
    importRows(rows: readonly IncomingPhrase[], options: ImportRowsOptions = {}, readerProblems: ImportSummary['problems'] = []): ImportSummary {
      return importRowsWith(rows, options, readerProblems);
    },

    /**
     * Counts what importing `rows` would do in each mode — merging with `onCodeConflict` `keep`,
     * merging with `update`, and `replace` — by dry runs of {@link importRows} in one read
     * transaction, so the three describe the same list and each is exactly what that import would
     * do now. Writes nothing and takes no write lock; the list is read once for all three.
     */
    countImport(rows: readonly IncomingPhrase[], readerProblems: ImportSummary['problems'] = []): Record<ImportMode, ImportSummary> {
      return db.transaction(() => {
        const loaded = repo.loadIdentities(db, true);
        return {
          keep: importRowsWith(rows, { dryRun: true, onCodeConflict: 'keep' }, readerProblems, loaded),
          update: importRowsWith(rows, { dryRun: true, onCodeConflict: 'update' }, readerProblems, loaded),
          replace: importRowsWith(rows, { dryRun: true, replace: true }, readerProblems),
        };
      }).deferred();
    },

    /** Phrases for an export: the chosen groups (all when empty) in display order. */
    phrasesForExport(groupIds: readonly number[] = []): ExportColumns {
      for (const id of groupIds) requireGroup(id);
      return repo.exportRows(db, groupIds);
    },

    /**
     * The same phrases one group at a time ({@link ExportBlock}), for an export that writes as it
     * reads. Throws `group.notFound` for an unknown id before yielding anything.
     */
    phraseBlocksForExport(groupIds: readonly number[] = []): Iterable<ExportBlock> {
      for (const id of groupIds) requireGroup(id);
      return repo.exportBlocks(db, groupIds);
    },

    /** Group ids for names (CLI `--group NAME`); throws `group.notFound` with the name. */
    groupIdsForNames(names: readonly string[]): number[] {
      return names.map((n) => {
        const g = repo.findGroupByName(db, normalizeGroupName(n));
        if (!g) throw new XiaoniuError('group.notFound', { name: n });
        return g.id;
      });
    },

    /** True when the database has no phrases at all (used to seed a new database once). */
    isEmpty(): boolean {
      return repo.listGroups(db).every((g) => g.phraseCount === 0);
    },

    invalidate,

    /**
     * Brings the search index up to date now (about a second for 100,000 phrases, on the search
     * worker in the app) and resolves when it is, so the cost falls at start-up or right after an
     * import rather than on the agent's first keypress.
     */
    async warmUp(): Promise<void> {
      catchUp();
      await search.settled();
      // Once through this thread's side too (the reply's unpacking), so the agent's first search
      // runs compiled code here as well.
      await search.search('', 200);
    },

    /** Stops the search backend (its worker in the app). */
    close(): Promise<void> {
      return search.close();
    },
  };
  return service;
}
