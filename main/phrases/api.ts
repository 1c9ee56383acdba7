import { z } from 'zod';
import { method } from '../ipc/define';
import { MAX_CODE, MAX_CONTENT, MAX_GROUP_NAME } from './rules';
import type { Phrase, PhraseGroup, PhraseSearchResult } from './types';

const id = z.number().int().positive();
// Schema bounds are generous (×4 for code units and stray spaces); the service applies the exact
// rules and answers with a typed error the renderer translates.
const groupName = z.string().max(MAX_GROUP_NAME * 4);
const draft = {
  groupId: id,
  shortcutCode: z.string().max(MAX_CODE * 4).nullable(),
  content: z.string().max(MAX_CONTENT * 4),
};

/** The quick-phrase slice of the IPC contract (docs/architecture.md "How a call travels"). */
export const phrasesApi = {
  'phrases.listGroups': method(z.object({})).returns<PhraseGroup[]>(),
  'phrases.list': method(z.object({})).returns<Phrase[]>(),
  'phrases.search': method(
    z.object({ query: z.string().max(1000), limit: z.number().int().min(1).max(1_000_000).optional() }),
  ).returns<PhraseSearchResult>(),
  /** Suggested replies for a buyer's message (docs/phrases.md "Suggested replies"). */
  'phrases.suggest': method(z.object({ message: z.string().max(10_000), limit: z.number().int().min(1).max(10).optional() })).returns<PhraseSearchResult>(),
  'phrases.createGroup': method(z.object({ name: groupName })).returns<PhraseGroup>(),
  'phrases.renameGroup': method(z.object({ id, name: groupName })).returns<null>(),
  'phrases.reorderGroups': method(z.object({ ids: z.array(id).max(100_000) })).returns<null>(),
  'phrases.deleteGroup': method(z.object({ id, mode: z.enum(['moveToDefault', 'deletePhrases']) })).returns<null>(),
  'phrases.create': method(z.object(draft)).returns<Phrase>(),
  'phrases.update': method(z.object({ id, ...draft })).returns<Phrase>(),
  'phrases.delete': method(z.object({ id })).returns<null>(),
  'phrases.reorder': method(z.object({ groupId: id, ids: z.array(id).max(1_000_000) })).returns<null>(),
  'phrases.recordUse': method(z.object({ id })).returns<Phrase>(),
};
