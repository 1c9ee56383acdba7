import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latestSchemaVersion, openDatabase } from '../../main/store/db';
import { migrations } from '../../main/store/migrations';
import { isXiaoniuError } from '../../main/shared/errors';
import { virtualClock } from '../../main/shared/clock';
import { createChatService } from '../../main/chat/service';

function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-mig-')), name);
}

/** Rows a database of each version holds before the upgrade, and how to check them after. */
const seeds: Record<number, { seed: (db: ReturnType<typeof openDatabase>) => void; check: (db: ReturnType<typeof openDatabase>) => void }> = {
  10: {
    seed: (db) => {
      db.prepare(`INSERT INTO phrase_group (name, sort_order, created_at, updated_at) VALUES ('售后', 1, 5, 5)`).run();
      db.prepare(
        `INSERT INTO phrase (group_id, shortcut_code, code_key, content, sort_order, use_count, created_at, updated_at)
         VALUES ((SELECT id FROM phrase_group WHERE name = '售后'), 'th', 'th', '亲，支持七天无理由退换货', 0, 3, 5, 5)`,
      ).run();
    },
    check: (db) => {
      const phrase = db.prepare(`SELECT p.shortcut_code, p.code_key, p.content, p.use_count, p.sort_order, g.name FROM phrase p JOIN phrase_group g ON g.id = p.group_id WHERE g.name = '售后'`).all();
      expect(phrase).toEqual([{ shortcut_code: 'th', code_key: 'th', content: '亲，支持七天无理由退换货', use_count: 3, sort_order: 0, name: '售后' }]);
      expect(db.prepare(`SELECT name FROM phrase_group ORDER BY sort_order`).pluck().all()).toEqual(['默认分组', '售后']);
    },
  },
  20: {
    seed: (db) => {
      db.prepare(`INSERT INTO setting (key, value, updated_at) VALUES ('phrases.starterPackSeeded', 'true', 7)`).run();
    },
    check: (db) => {
      expect(db.prepare(`SELECT key, value, updated_at FROM setting`).all()).toEqual([{ key: 'phrases.starterPackSeeded', value: 'true', updated_at: 7 }]);
    },
  },
  30: {
    seed: (db) => {
      db.exec(`INSERT INTO buyer (id, channel, channel_buyer_id, nickname, first_seen_at) VALUES (1, 'simulator', 'sim-1', '小王', 1000);
               INSERT INTO conversation (id, buyer_id, last_message_id, last_read_message_id, created_at) VALUES (1, 1, 1000000, 0, 1000);
               INSERT INTO message (id, conversation_id, sender, body, created_at) VALUES (1000000, 1, 'buyer', '在吗', 1000);
               INSERT INTO message_search (rowid, grams) VALUES (1000000, ' u5728 u5417 b57285417');
               INSERT INTO order_event (id, buyer_id, amount_fen, paid, at) VALUES (2000000, 1, 19900, 1, 2000);
               INSERT INTO status_change (id, status, at) VALUES (3000000, 'busy', 3000);
               INSERT INTO conversation_close (id, conversation_id, at) VALUES (4000000, 1, 4000);`);
    },
    check: (db) => {
      expect(db.prepare(`SELECT channel_buyer_id, nickname FROM buyer WHERE id = 1`).all()).toEqual([{ channel_buyer_id: 'sim-1', nickname: '小王' }]);
      expect(db.prepare(`SELECT body FROM message WHERE conversation_id = 1`).pluck().all()).toEqual(['在吗']);
      expect(db.prepare(`SELECT rowid FROM message_search WHERE message_search MATCH 'b57285417'`).pluck().all()).toEqual([1000000]);
      expect(db.prepare(`SELECT amount_fen FROM order_event`).pluck().all()).toEqual([19900]);
      expect(db.prepare(`SELECT status FROM status_change`).pluck().all()).toEqual(['busy']);
      expect(db.prepare(`SELECT count(*) FROM conversation_close`).pluck().get()).toBe(1);
    },
  },
  40: {
    seed: (db) => {
      db.prepare(
        `INSERT INTO phrase (id, group_id, shortcut_code, code_key, content, sort_order, use_count, last_used_at, created_at, updated_at)
         VALUES (77, 1, 'FH', 'fh', '亲，今天下单今天发', 4, 9, 123, 11, 12)`,
      ).run();
    },
    check: (db) => {
      expect(db.prepare(`SELECT * FROM phrase WHERE id = 77`).get()).toEqual({
        id: 77,
        group_id: 1,
        shortcut_code: 'FH',
        code_key: 'fh',
        content: '亲，今天下单今天发',
        sort_order: 4,
        use_count: 9,
        last_used_at: 123,
        created_at: 11,
        updated_at: 12,
      });
      // The rule did not move with the constraint: one phrase per folded code, any number without.
      expect(() =>
        db.prepare(`INSERT INTO phrase (group_id, code_key, content, sort_order, created_at, updated_at) VALUES (1, 'fh', '另一条', 5, 1, 1)`).run(),
      ).toThrow(/UNIQUE/);
      db.prepare(`INSERT INTO phrase (group_id, code_key, content, sort_order, created_at, updated_at) VALUES (1, NULL, '无编码一', 5, 1, 1), (1, NULL, '无编码二', 6, 1, 1)`).run();
      expect(db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM phrase WHERE code_key = 'fh'`).all().map((r) => (r as { detail: string }).detail).join()).toContain('phrase_by_code_key');
    },
  },
  50: {
    seed: (db) => {
      db.exec(`INSERT INTO host_lease (id, holder, pid, host, acquired_at, renewed_at) VALUES (1, 'run', 4242, 'shop-server', 10, 20);`);
    },
    check: (db) => {
      expect(db.prepare(`SELECT holder, pid, host, acquired_at, renewed_at FROM host_lease`).all()).toEqual([{ holder: 'run', pid: 4242, host: 'shop-server', acquired_at: 10, renewed_at: 20 }]);
      // The outbox's query is served by the partial index of pending messages.
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT min(id) FROM message WHERE state = 'pending' GROUP BY conversation_id`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join();
      expect(plan).toContain('message_outbox');
    },
  },
  60: {
    seed: (db) => {
      db.exec(`INSERT INTO buyer (id, channel, channel_buyer_id, nickname, first_seen_at) VALUES (60, 'simulator', 'sim-60', '小六', 6000);
               INSERT INTO conversation (id, buyer_id, last_message_id, created_at) VALUES (60, 60, 6001000, 6000);
               INSERT INTO message (id, conversation_id, sender, body, created_at) VALUES (6000000, 60, 'buyer', '包邮吗', 6000);
               INSERT INTO message (id, conversation_id, sender, body, created_at, state, composed) VALUES (6001000, 60, 'agent', '亲，包邮的', 6001, 'sent', 'suggestion');`);
    },
    check: (db) => {
      expect(db.prepare(`SELECT sender, composed FROM message WHERE conversation_id = 60 ORDER BY id`).all()).toEqual([
        { sender: 'buyer', composed: null },
        { sender: 'agent', composed: 'suggestion' },
      ]);
    },
  },
  70: {
    seed: (db) => {
      db.exec(`INSERT INTO auto_reply_rule (id, type, enabled, text, keywords, priority, name, sort_order, created_at, updated_at)
               VALUES (1, 'busy', 1, '亲，稍等', NULL, NULL, NULL, 1, 5, 5),
                      (2, 'keyword', 1, '今天发', '["发货"]', 3, '发货', 2, 6, 6);`);
    },
    check: (db) => {
      expect(db.prepare(`SELECT id, type, enabled, text, keywords, priority, name, sort_order FROM auto_reply_rule ORDER BY id`).all()).toEqual([
        { id: 1, type: 'busy', enabled: 1, text: '亲，稍等', keywords: null, priority: null, name: null, sort_order: 1 },
        { id: 2, type: 'keyword', enabled: 1, text: '今天发', keywords: '["发货"]', priority: 3, name: '发货', sort_order: 2 },
      ]);
      // One checked text per situation, keywords only on keyword rules: the table refuses the rest.
      expect(() => db.exec(`INSERT INTO auto_reply_rule (type, enabled, text, sort_order, created_at, updated_at) VALUES ('busy', 1, '另一条', 3, 7, 7)`)).toThrow(/UNIQUE/);
      db.exec(`INSERT INTO auto_reply_rule (type, enabled, text, sort_order, created_at, updated_at) VALUES ('busy', 0, '另一条', 3, 7, 7)`);
      expect(() => db.exec(`INSERT INTO auto_reply_rule (type, enabled, text, keywords, sort_order, created_at, updated_at) VALUES ('away', 0, 'x', '["a"]', 4, 7, 7)`)).toThrow(/CHECK/);
    },
  },
};

describe('migrations', () => {
  it('are numbered in increasing order and every shipped version has seed rows in this test', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    for (const v of versions) expect(seeds[v], `add seed rows for migration ${v} to this test`).toBeDefined();
  });

  it.each(migrations.map((m, i) => [m.version, i] as const))('upgrade a database of version %i to the latest, keeping its rows', (version, i) => {
    const file = tempFile('old.db');
    const old = openDatabase(file, { migrations: migrations.slice(0, i + 1) });
    for (const m of migrations.slice(0, i + 1)) seeds[m.version]!.seed(old);
    expect(old.pragma('user_version', { simple: true })).toBe(version);
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    for (const m of migrations.slice(0, i + 1)) seeds[m.version]!.check(db);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('upgrade a quick-phrase database to the chat schema in place: every row survives and the chat tables work', () => {
    const file = tempFile('phrases.db');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 20) });
    seeds[10]!.seed(old);
    seeds[20]!.seed(old);
    // A library bigger than one page, so the upgrade has real rows to carry.
    const insert = old.prepare(`INSERT INTO phrase (group_id, content, sort_order, created_at, updated_at) VALUES (1, ?, ?, 9, 9)`);
    for (let i = 0; i < 500; i++) insert.run(`亲，第 ${i} 条常用回复`, i + 1);
    const before = old.prepare(`SELECT * FROM phrase ORDER BY id`).all();
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.prepare(`SELECT * FROM phrase ORDER BY id`).all()).toEqual(before);
    seeds[20]!.check(db);
    const chat = createChatService(db, virtualClock(Date.UTC(2026, 2, 1)), { timeZone: () => 'Asia/Shanghai' });
    chat.appendMessage({ channel: 'simulator', buyerId: 'sim-1', sender: 'buyer', body: '亲，发货了吗' });
    expect(chat.search('发货').map((h) => h.message.body)).toEqual(['亲，发货了吗']);
    db.close();
  });

  it('add how an agent message was composed (0060): every message stored before keeps its columns, with composed unknown (NULL)', () => {
    const file = tempFile('composed.db');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 50) });
    old.exec(`INSERT INTO buyer (id, channel, channel_buyer_id, nickname, first_seen_at) VALUES (1, 'simulator', 'sim-1', '小王', 1000);
              INSERT INTO conversation (id, buyer_id, last_message_id, created_at) VALUES (1, 1, 1003000, 1000);
              INSERT INTO message (id, conversation_id, sender, body, created_at) VALUES (1000000, 1, 'buyer', '在吗', 1000);
              INSERT INTO message (id, conversation_id, sender, automatic, rule_id, body, created_at, state) VALUES (1001000, 1, 'autoReply', 1, 7, '您好，稍等', 1001, 'sent');
              INSERT INTO message (id, conversation_id, sender, body, created_at, state, channel_message_id, client_id) VALUES (1002000, 1, 'agent', '在的亲', 1002, 'sent', 'ch-1', 'client-0001');
              INSERT INTO message (id, conversation_id, sender, body, created_at, state, client_id) VALUES (1003000, 1, 'agent', '还有货', 1003, 'pending', 'client-0002');`);
    const before = old.prepare(`SELECT * FROM message ORDER BY id`).all() as Record<string, unknown>[];
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.prepare(`SELECT * FROM message ORDER BY id`).all()).toEqual(before.map((r) => ({ ...r, composed: null })));
    // The table itself keeps the rule: one of three words, on the agent's own messages only.
    expect(() => db.exec(`UPDATE message SET composed = 'pasted' WHERE id = 1002000`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE message SET composed = 'typed' WHERE id = 1000000`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE message SET composed = 'suggestion' WHERE id = 1001000`)).toThrow(/CHECK/);
    db.exec(`UPDATE message SET composed = 'phrase' WHERE id = 1002000`);
    // The chat service reads it back, and the outbox still finds the pending message.
    const chat = createChatService(db, virtualClock(Date.UTC(2026, 2, 1)), { timeZone: () => 'Asia/Shanghai' });
    expect(chat.messages(1, 10).map((m) => m.composed)).toEqual([null, null, 'phrase', null]);
    db.close();
  });

  it('refuse a database from a newer Xiaoniu and leave the file byte-for-byte untouched', () => {
    const file = tempFile('future.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${latestSchemaVersion() + 10}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(isXiaoniuError(error, 'store.fromTheFuture')).toBe(true);
    expect((error as { params: Record<string, number> }).params.found).toBe(latestSchemaVersion() + 10);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });

  it('roll every pending step back when one fails', () => {
    const file = tempFile('broken.db');
    const broken = [...migrations, { version: 990, name: 'boom', up: () => { throw new Error('boom'); } }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = openDatabase(file, { migrations: [] });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all()).toEqual([]);
    db.close();
  });

  it('upgrade a file whose phrases already pointed at a missing group (edited with foreign keys off), keeping every row', () => {
    const file = tempFile('orphans.db');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 20) });
    seeds[10]!.seed(old);
    old.pragma('foreign_keys = OFF');
    old.prepare(`INSERT INTO phrase (group_id, content, sort_order, created_at, updated_at) VALUES (999, '孤儿短语', 0, 1, 1)`).run();
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.prepare(`SELECT content FROM phrase WHERE group_id = 999`).pluck().all()).toEqual(['孤儿短语']);
    db.close();
    // A step that breaks references itself is still refused, and nothing of it stays.
    const breaking = { version: 990, name: 'break', up: (d: ReturnType<typeof openDatabase>) => d.exec(`DELETE FROM phrase_group WHERE name = '售后'`) };
    let error: unknown;
    try {
      openDatabase(file, { migrations: [...migrations, breaking] });
    } catch (e) {
      error = e;
    }
    expect(isXiaoniuError(error, 'store.migrationBrokeReferences')).toBe(true);
    expect((error as { params: Record<string, string | number> }).params).toEqual({ table: 'phrase', count: 1 });
  });

  it('let a later step rebuild a parent table without cascading into the phrases', () => {
    const file = tempFile('rebuild.db');
    const db = openDatabase(file);
    seeds[10]!.seed(db);
    db.close();
    const rebuild = {
      version: 990,
      name: 'rebuild-groups',
      up: (d: ReturnType<typeof openDatabase>) =>
        d.exec(`CREATE TABLE phrase_group_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, sort_order INTEGER NOT NULL,
                  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, color TEXT);
                INSERT INTO phrase_group_new (id, name, sort_order, created_at, updated_at) SELECT id, name, sort_order, created_at, updated_at FROM phrase_group;
                DROP TABLE phrase_group;
                ALTER TABLE phrase_group_new RENAME TO phrase_group;`),
    };
    const after = openDatabase(file, { migrations: [...migrations, rebuild] });
    expect(after.prepare('SELECT COUNT(*) FROM phrase').pluck().get()).toBe(1);
    expect(after.pragma('foreign_keys', { simple: true })).toBe(1);
    after.close();
  });

  it('match the schema snapshot (a change must be deliberate: run `npx vitest run tests/migrations -u`)', () => {
    const db = openDatabase(':memory:');
    const schema = db
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`)
      .all()
      .map((r) => (r as { sql: string }).sql.replace(/\s+/g, ' '));
    expect(schema).toMatchSnapshot();
    db.close();
  });

  it('serve the chat window and the import from their indexes, not table scans', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join('\n');
    // A conversation's latest 50 messages: the conversation index walked backwards, no sort.
    const latest = plan(`SELECT id FROM message WHERE conversation_id = 1 ORDER BY id DESC LIMIT 50`);
    expect(latest).toContain('message_by_conversation');
    expect(latest).not.toContain('TEMP B-TREE');
    // The contact list by last activity.
    const contacts = plan(`SELECT id FROM conversation ORDER BY last_message_id DESC LIMIT 50`);
    expect(contacts).toContain('conversation_by_activity');
    expect(contacts).not.toContain('TEMP B-TREE');
    // Unread: the conversation's messages after the watermark only.
    expect(plan(`SELECT count(*) FROM message WHERE conversation_id = 1 AND sender = 'buyer' AND id > 5`)).toContain('message_by_conversation (conversation_id=? AND rowid>?)');
    // A channel's redelivery found by its message id.
    expect(plan(`SELECT id FROM message WHERE conversation_id = 1 AND channel_message_id = 'x'`)).toContain('message_by_channel_id');
    // History search: newest first straight from the index.
    const search = plan(`SELECT m.id FROM message_search s JOIN message m ON m.id = s.rowid WHERE message_search MATCH 'u53d1' ORDER BY s.rowid DESC`);
    expect(search).not.toContain('TEMP B-TREE');
    db.close();
  });

  it('serve the display-order listing from its index, not a table scan', () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM phrase WHERE group_id = 1 ORDER BY sort_order`)
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toContain('phrase_by_group_order');
    db.close();
  });
});
