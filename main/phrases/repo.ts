import type { Database } from 'better-sqlite3';
import { stmt } from '../store/statements';
import { DEFAULT_GROUP } from './rules';
import type { CodeHolder } from './code-conflicts';
import type { ExportBlock, ExportColumns, Phrase, PhraseGroup } from './types';

/**
 * The only SQL that touches `phrase_group` and `phrase` (migration 0010). Plain functions taking
 * the database first; no validation here — the service owns the rules.
 */

interface PhraseRow {
  id: number;
  group_id: number;
  group_name: string;
  shortcut_code: string | null;
  content: string;
  sort_order: number;
  use_count: number;
  last_used_at: number | null;
  created_at: number;
  updated_at: number;
}

const PHRASE_COLUMNS = `p.id, p.group_id, g.name AS group_name, p.shortcut_code, p.content, p.sort_order,
  p.use_count, p.last_used_at, p.created_at, p.updated_at`;

function toPhrase(r: PhraseRow): Phrase {
  return {
    id: r.id,
    groupId: r.group_id,
    groupName: r.group_name,
    shortcutCode: r.shortcut_code,
    content: r.content,
    sortOrder: r.sort_order,
    useCount: r.use_count,
    lastUsedAt: r.last_used_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}


/** All groups in display order with their phrase counts. */
export function listGroups(db: Database): PhraseGroup[] {
  const rows = stmt(
    db,
    `SELECT g.id, g.name, g.sort_order, (SELECT COUNT(*) FROM phrase p WHERE p.group_id = g.id) AS n
       FROM phrase_group g ORDER BY g.sort_order, g.id`,
  ).all() as { id: number; name: string; sort_order: number; n: number }[];
  return rows.map((r) => ({ id: r.id, name: r.name, sortOrder: r.sort_order, isDefault: r.name === DEFAULT_GROUP, phraseCount: r.n }));
}

/** Every group id in display order (no counts: cheap enough for the main thread after an import). */
export function groupIdsInOrder(db: Database): number[] {
  return (stmt(db, 'SELECT id FROM phrase_group ORDER BY sort_order, id').raw().all() as [number][]).map((r) => r[0]);
}

/** One group by id, or undefined. */
export function getGroup(db: Database, id: number): { id: number; name: string } | undefined {
  return stmt(db, 'SELECT id, name FROM phrase_group WHERE id = ?').get(id) as { id: number; name: string } | undefined;
}

/** One group by exact name, or undefined. */
export function findGroupByName(db: Database, name: string): { id: number; name: string } | undefined {
  return stmt(db, 'SELECT id, name FROM phrase_group WHERE name = ?').get(name) as { id: number; name: string } | undefined;
}

/** Id of 默认分组 (created by migration 0010; recreated if a replace removed it). */
export function defaultGroupId(db: Database, now: number): number {
  const g = findGroupByName(db, DEFAULT_GROUP);
  return g ? g.id : insertGroup(db, DEFAULT_GROUP, now);
}

/** Appends a group at the end of the display order; returns its id. */
export function insertGroup(db: Database, name: string, now: number): number {
  const next = (stmt(db, 'SELECT COALESCE(MAX(sort_order), -1) + 1 AS n FROM phrase_group').get() as { n: number }).n;
  return Number(
    stmt(db, 'INSERT INTO phrase_group (name, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?)').run(name, next, now, now)
      .lastInsertRowid,
  );
}

/** Renames a group. */
export function renameGroup(db: Database, id: number, name: string, now: number): void {
  stmt(db, 'UPDATE phrase_group SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
}

/** Sets each group's sort order to its index in `ids`. */
export function setGroupOrder(db: Database, ids: readonly number[], now: number): void {
  const s = stmt(db, 'UPDATE phrase_group SET sort_order = ?, updated_at = ? WHERE id = ?');
  ids.forEach((id, i) => s.run(i, now, id));
}

/** Moves every phrase of group `from` to the end of group `to`. */
export function movePhrasesToGroup(db: Database, from: number, to: number, now: number): void {
  const base = nextPhraseOrder(db, to);
  stmt(
    db,
    `UPDATE phrase SET group_id = ?, sort_order = ? + sort_order, updated_at = ? WHERE group_id = ?`,
  ).run(to, base, now, from);
}

/** Deletes a group; its phrases go with it (ON DELETE CASCADE). */
export function deleteGroup(db: Database, id: number): void {
  stmt(db, 'DELETE FROM phrase_group WHERE id = ?').run(id);
}

/**
 * Every phrase in display order: group order, then phrase order, then id. Read as one ordered
 * index scan per group (phrase_by_group_order) rather than a join sorted in a temporary B-tree —
 * the panel's list and the search index load 100,000 phrases through here.
 */
export function listPhrases(db: Database): Phrase[] {
  const byGroup = stmt(
    db,
    `SELECT id, shortcut_code, content, sort_order, use_count, last_used_at, created_at, updated_at
       FROM phrase WHERE group_id = ? ORDER BY sort_order, id`,
  );
  const out: Phrase[] = [];
  for (const g of stmt(db, 'SELECT id, name FROM phrase_group ORDER BY sort_order, id').all() as { id: number; name: string }[]) {
    for (const r of byGroup.raw().all(g.id) as [number, string | null, string, number, number, number | null, number, number][]) {
      out.push({
        id: r[0],
        groupId: g.id,
        groupName: g.name,
        shortcutCode: r[1],
        content: r[2],
        sortOrder: r[3],
        useCount: r[4],
        lastUsedAt: r[5],
        createdAt: r[6],
        updatedAt: r[7],
      });
    }
  }
  return out;
}

/** The phrases of one group in display order. */
export function listPhrasesOfGroup(db: Database, groupId: number): Phrase[] {
  return (
    stmt(db, `SELECT ${PHRASE_COLUMNS} FROM phrase p JOIN phrase_group g ON g.id = p.group_id WHERE p.group_id = ? ORDER BY p.sort_order, p.id`).all(
      groupId,
    ) as PhraseRow[]
  ).map(toPhrase);
}

/**
 * Every phrase of the given groups (all when empty), one {@link ExportBlock} per group, in display
 * order — the export path, which must stay within 1.3× of a bare `.raw().all()` (the bench). One
 * ordered index scan per group (phrase_by_group_order holds group_id, sort_order, rowid) instead of
 * a join sorted in a temporary B-tree, which cost ~4× a bare scan on 100,000 rows; a generator, so
 * a caller that writes each block as it comes holds one group's rows at a time.
 */
export function* exportBlocks(db: Database, groupIds: readonly number[]): Generator<ExportBlock> {
  const wanted = groupIds.length ? new Set(groupIds) : null;
  const byGroup = stmt(db, 'SELECT shortcut_code, content FROM phrase WHERE group_id = ? ORDER BY sort_order, id');
  for (const g of stmt(db, 'SELECT id, name FROM phrase_group ORDER BY sort_order, id').all() as { id: number; name: string }[]) {
    if (wanted && !wanted.has(g.id)) continue;
    yield { group: g.name, rows: byGroup.raw().all(g.id) as [string | null, string][] };
  }
}

/** {@link exportBlocks} as columns, for the writers that take every phrase at once. */
export function exportRows(db: Database, groupIds: readonly number[]): ExportColumns {
  const out: ExportColumns = { group: [], code: [], content: [] };
  for (const b of exportBlocks(db, groupIds)) {
    for (const r of b.rows) {
      out.group.push(b.group);
      out.code.push(r[0]);
      out.content.push(r[1]);
    }
  }
  return out;
}

/** One phrase by id, or undefined. */
export function getPhrase(db: Database, id: number): Phrase | undefined {
  const r = stmt(db, `SELECT ${PHRASE_COLUMNS} FROM phrase p JOIN phrase_group g ON g.id = p.group_id WHERE p.id = ?`).get(id) as
    | PhraseRow
    | undefined;
  return r && toPhrase(r);
}

/** Id of the phrase holding a folded code key, or undefined. */
export function phraseIdByCodeKey(db: Database, key: string): number | undefined {
  return (stmt(db, 'SELECT id FROM phrase WHERE code_key = ?').get(key) as { id: number } | undefined)?.id;
}

/** True when group `groupId` already holds exactly this content (a phrase's identity). */
export function hasContent(db: Database, groupId: number, content: string, exceptId = -1): boolean {
  return !!stmt(db, 'SELECT 1 FROM phrase WHERE group_id = ? AND content = ? AND id <> ? LIMIT 1').get(groupId, content, exceptId);
}

/** Group id → the sort order a new last phrase of that group gets, for every non-empty group. */
export function nextPhraseOrders(db: Database): Map<number, number> {
  const m = new Map<number, number>();
  for (const [g, n] of stmt(db, 'SELECT group_id, MAX(sort_order) + 1 FROM phrase GROUP BY group_id').raw().all() as [number, number][]) m.set(g, n);
  return m;
}

/** Number of phrases in the list. */
export function countPhrases(db: Database): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM phrase').get() as { n: number }).n;
}

/** The phrase table's own indexes, which a bulk import builds once at the end (migration 0040). */
const BULK_INDEXES = ['phrase_by_group_order', 'phrase_by_code_key'];

/**
 * Runs `fn` in one IMMEDIATE transaction set up for a bulk insert that dwarfs what the phrase
 * table holds: its indexes — display order and shortcut-code uniqueness — are dropped and built
 * again at the end (SQLite sorts 100,000 rows into an index faster than it maintains one row by
 * row in file order), and foreign keys are not checked row by row (a parent lookup per insert;
 * the caller inserts only phrases of groups it read or created in this transaction). Together
 * ~25 % of a 100,000-row import (the bench). `fn` must not need the indexes. Each index is
 * recreated from its own stored definition, so a later migration that changes it is honoured; a
 * duplicate code that slipped in makes the unique index fail, rolling everything back. Must be
 * called outside a transaction (SQLite changes `foreign_keys` only there).
 */
export function bulkLoad<T>(db: Database, fn: () => T): T {
  const found = BULK_INDEXES.map(
    (name) => stmt(db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) as { sql: string } | undefined,
  ).filter((row): row is { sql: string } => row !== undefined);
  const checking = db.pragma('foreign_keys', { simple: true }) === 1;
  if (checking) db.pragma('foreign_keys = OFF');
  try {
    return db
      .transaction(() => {
        for (const name of BULK_INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
        const result = fn();
        for (const row of found) db.exec(row.sql);
        return result;
      })
      .immediate();
  } finally {
    if (checking) db.pragma('foreign_keys = ON');
  }
}

/** The sort order a new last phrase of the group gets. */
export function nextPhraseOrder(db: Database, groupId: number): number {
  return (stmt(db, 'SELECT COALESCE(MAX(sort_order), -1) + 1 AS n FROM phrase WHERE group_id = ?').get(groupId) as { n: number }).n;
}

/** Fields of a new phrase row. */
export interface NewPhraseRow {
  groupId: number;
  shortcutCode: string | null;
  codeKey: string | null;
  content: string;
  sortOrder: number;
}

/**
 * Returns a function that inserts one phrase (one prepared statement, for bulk use: positional
 * arguments, no object per row) and gives its id.
 */
export function bulkPhraseInserter(db: Database, now: number): (groupId: number, shortcutCode: string | null, codeKey: string | null, content: string, sortOrder: number) => number {
  // The import's one timestamp is part of the statement (two values fewer to bind per row); not
  // cached, since its text changes with every import.
  const stamp = Number.isSafeInteger(now) ? String(now) : '?';
  const s = db.prepare(
    `INSERT INTO phrase (group_id, shortcut_code, code_key, content, sort_order, use_count, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, ${stamp}, ${stamp})`,
  );
  if (stamp === '?') return (groupId, shortcutCode, codeKey, content, sortOrder) => Number(s.run(groupId, shortcutCode, codeKey, content, sortOrder, now, now).lastInsertRowid);
  return (groupId, shortcutCode, codeKey, content, sortOrder) => Number(s.run(groupId, shortcutCode, codeKey, content, sortOrder).lastInsertRowid);
}

/** Returns a function that inserts one phrase and gives its id (one prepared statement, for bulk use). */
export function phraseInserter(db: Database, now: number): (row: NewPhraseRow) => number {
  const s = stmt(
    db,
    `INSERT INTO phrase (group_id, shortcut_code, code_key, content, sort_order, use_count, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  return (r) => Number(s.run(r.groupId, r.shortcutCode, r.codeKey, r.content, r.sortOrder, now, now).lastInsertRowid);
}

/** Overwrites a phrase's editable fields (moving it to the end of a new group when the group changes). */
export function updatePhrase(db: Database, id: number, row: Omit<NewPhraseRow, 'sortOrder'> & { sortOrder: number }, now: number): void {
  stmt(
    db,
    `UPDATE phrase SET group_id = ?, shortcut_code = ?, code_key = ?, content = ?, sort_order = ?, updated_at = ? WHERE id = ?`,
  ).run(row.groupId, row.shortcutCode, row.codeKey, row.content, row.sortOrder, now, id);
}

/** Sets each phrase's sort order to its index in `ids` (all in one group). */
export function setPhraseOrder(db: Database, ids: readonly number[], now: number): void {
  const s = stmt(db, 'UPDATE phrase SET sort_order = ?, updated_at = ? WHERE id = ?');
  ids.forEach((id, i) => s.run(i, now, id));
}

/** Deletes a phrase. */
export function deletePhrase(db: Database, id: number): void {
  stmt(db, 'DELETE FROM phrase WHERE id = ?').run(id);
}

/** Counts one use of a phrase (sent or inserted) and returns its new use count. */
export function recordUse(db: Database, id: number, now: number): number {
  stmt(db, 'UPDATE phrase SET use_count = use_count + 1, last_used_at = ? WHERE id = ?').run(now, id);
  return (stmt(db, 'SELECT use_count FROM phrase WHERE id = ?').get(id) as { use_count: number } | undefined)?.use_count ?? 0;
}

/** Empties the list (清空当前正在使用的快捷短语列表): every phrase and every group but 默认分组. */
export function clearAll(db: Database): void {
  stmt(db, 'DELETE FROM phrase').run();
  stmt(db, 'DELETE FROM phrase_group WHERE name <> ?').run(DEFAULT_GROUP);
}

/**
 * What a merging import checks every row against, read in one scan: the identities (group name →
 * the contents of its phrases; a phrase's identity is group + content) and the folded shortcut
 * codes (code key → id of the phrase holding it). With `withHolders` (an import that updates
 * phrases in place, see `code-conflicts.ts`) the same scan also gives every phrase that has a code,
 * by code key, as that import needs it; otherwise `holders` is empty.
 */
export function loadIdentities(
  db: Database,
  withHolders = false,
): { identities: Map<string, Set<string>>; codeOwners: Map<string, number>; holders: Map<string, CodeHolder> } {
  const names = groupNamesById(db);
  const byId = new Map<number, Set<string>>();
  const codeOwners = new Map<string, number>();
  const holders = new Map<string, CodeHolder>();
  // Two statements: the wider row costs the common (keep) import nothing.
  const sql = withHolders
    ? 'SELECT group_id, code_key, content, id, shortcut_code, sort_order FROM phrase'
    : 'SELECT group_id, code_key, content, id FROM phrase';
  for (const r of stmt(db, sql).raw().iterate() as Iterable<[number, string | null, string, number, string, number]>) {
    let set = byId.get(r[0]);
    if (!set) byId.set(r[0], (set = new Set()));
    set.add(r[2]);
    if (r[1] !== null) {
      codeOwners.set(r[1], r[3]);
      if (withHolders) holders.set(r[1], { id: r[3], groupId: r[0], group: names.get(r[0])!, code: r[4], content: r[2], sortOrder: r[5] });
    }
  }
  const identities = new Map<string, Set<string>>();
  for (const [id, set] of byId) identities.set(names.get(id)!, set);
  return { identities, codeOwners, holders };
}

function groupNamesById(db: Database): Map<number, string> {
  const m = new Map<number, string>();
  // Not .raw(): that would switch the statement groupIdsByName shares (raw mode sticks to it).
  for (const r of stmt(db, 'SELECT id, name FROM phrase_group').all() as { id: number; name: string }[]) m.set(r.id, r.name);
  return m;
}

/** All groups name → id. */
export function groupIdsByName(db: Database): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of stmt(db, 'SELECT id, name FROM phrase_group').all() as { id: number; name: string }[]) m.set(r.name, r.id);
  return m;
}

/** SQLite's `data_version`: changes when another connection commits (the CLI, an import worker). */
export function dataVersion(db: Database): number {
  return db.pragma('data_version', { simple: true }) as number;
}
