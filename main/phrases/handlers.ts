import type { Handlers } from '../ipc/define';
import type { phrasesApi } from './api';
import type { PhraseService } from './service';

/** Binds the quick-phrase contract slice to the service. Arguments arrive validated. */
export function phraseHandlers(phrases: PhraseService): Handlers<typeof phrasesApi> {
  return {
    'phrases.listGroups': () => phrases.listGroups(),
    'phrases.list': () => phrases.listPhrases(),
    'phrases.search': ({ query, limit }) => phrases.search(query, limit),
    'phrases.suggest': ({ message, limit }) => phrases.suggest(message, limit),
    'phrases.createGroup': ({ name }) => phrases.createGroup(name),
    'phrases.renameGroup': ({ id, name }) => (phrases.renameGroup(id, name), null),
    'phrases.reorderGroups': ({ ids }) => (phrases.reorderGroups(ids), null),
    'phrases.deleteGroup': ({ id, mode }) => (phrases.deleteGroup(id, mode), null),
    'phrases.create': (draft) => phrases.createPhrase(draft),
    'phrases.update': ({ id, ...draft }) => phrases.updatePhrase(id, draft),
    'phrases.delete': ({ id }) => (phrases.deletePhrase(id), null),
    'phrases.reorder': ({ groupId, ids }) => (phrases.reorderPhrases(groupId, ids), null),
    'phrases.recordUse': ({ id }) => phrases.recordUse(id),
  };
}
