/**
 * Re-importing a pack whose rows name shortcut codes the list already holds. A team pack is
 * re-imported every week after a colleague edited it; under {@link CodeConflictChoice} `update` the
 * file's row takes the code: the phrase holding it is rewritten in place (content, group, the code's
 * spelling) and keeps its id, use count and last-used time, so `/code` gives the new text and the
 * phrase keeps its rank. This file decides, in memory and before anything is written, which of
 * those rewrites can happen; `service.ts` importRows applies the decisions (or only counts them,
 * for the preview), so a preview and the real import can never disagree.
 */

/**
 * What an import does with a row whose shortcut code (compared by `codeKey`: case and width folded)
 * an existing phrase already holds: `keep` — the existing phrase keeps the code and the row is
 * imported without it (reported as `pack.codeTakenDropped`); `update` — the existing phrase is
 * updated in place from the row.
 */
export type CodeConflictChoice = 'keep' | 'update';

/** The choices, for schemas and the CLI's `--on-code-conflict`. */
export const CODE_CONFLICT_CHOICES = ['keep', 'update'] as const satisfies readonly CodeConflictChoice[];

/** An existing phrase that holds a shortcut code, as it stands before the import. */
export interface CodeHolder {
  id: number;
  groupId: number;
  /** Its group's name (identities are compared by group name). */
  group: string;
  /** The code as stored (the key is the folded form). */
  code: string;
  content: string;
  sortOrder: number;
}

/** A file row that names the code of an existing phrase: the first valid row per code. */
export interface CodeClaim {
  /** Index of the row in the imported rows. */
  index: number;
  line: number;
  holder: CodeHolder;
  /** The row's group name and content, normalised by `rules.ts`; its code as the file spells it. */
  group: string;
  content: string;
  code: string;
}

/**
 * `unchanged`: the row equals the holder (group, content and code spelling) — nothing to write;
 * `update`: the holder is rewritten from the row; `blocked`: the row's content already belongs to
 * another phrase of the target group, so rewriting the holder would make two identical phrases
 * (a phrase's identity is group + content) — the holder is left as it is.
 */
export type ClaimOutcome = 'unchanged' | 'update' | 'blocked';

const identityKey = (group: string, content: string) => `${group}\u0000${content}`;

/**
 * Decides every claim, in file order, and moves the identities of the updated holders in
 * `identities` (group name → contents of the list's phrases), which afterwards describes the list
 * as it will be once the updates are written — the rows that insert new phrases are then checked
 * against it.
 *
 * A claim whose target (group, content) is held by another phrase is blocked, except when that
 * phrase is itself about to be updated away from it (a chain: `a` takes `b`'s old text while `b`
 * gets new text): the claim waits for it and goes ahead once it has moved, whatever the order of
 * the rows in the file. When several claims wait for one place, the earliest row gets it. Claims
 * that wait on each other in a cycle (two codes swapping their texts) are all blocked: each would
 * duplicate the other until both are written, and the import never writes a duplicate. Runs in
 * O(claims).
 *
 * Returns the outcome of each claim, index for index.
 */
export function settleClaims(claims: readonly CodeClaim[], identities: Map<string, Set<string>>): ClaimOutcome[] {
  const outcome: (ClaimOutcome | undefined)[] = new Array<ClaimOutcome | undefined>(claims.length);
  /** Identity → the claim whose holder sits there and has not moved (yet). */
  const holderAt = new Map<string, number>();
  claims.forEach((c, i) => holderAt.set(identityKey(c.holder.group, c.holder.content), i));
  /** Claim → the claims waiting for its holder to move away, in file order. */
  const waiters = new Map<number, number[]>();

  const settle = (first: number) => {
    const stack = [first];
    while (stack.length) {
      const i = stack.pop()!;
      const c = claims[i]!;
      const h = c.holder;
      if (c.group === h.group && c.content === h.content) {
        outcome[i] = c.code === h.code ? 'unchanged' : 'update';
        continue;
      }
      if (identities.get(c.group)?.has(c.content)) {
        const other = holderAt.get(identityKey(c.group, c.content));
        if (other !== undefined && outcome[other] === undefined) {
          let list = waiters.get(other);
          if (!list) waiters.set(other, (list = []));
          list.push(i);
        } else {
          outcome[i] = 'blocked';
        }
        continue;
      }
      identities.get(h.group)?.delete(h.content);
      let target = identities.get(c.group);
      if (!target) identities.set(c.group, (target = new Set()));
      target.add(c.content);
      holderAt.delete(identityKey(h.group, h.content));
      outcome[i] = 'update';
      const released = waiters.get(i);
      if (released) {
        waiters.delete(i);
        // Pushed last-first so the earliest row is settled first and takes the freed place.
        for (let k = released.length - 1; k >= 0; k--) stack.push(released[k]!);
      }
    }
  };

  // A claim is first settled here, in file order; only waiting claims are settled again (released).
  for (let i = 0; i < claims.length; i++) settle(i);
  // Whoever still waits is in a cycle, or waits for a holder that stayed (unchanged or blocked).
  return Array.from(outcome, (o) => o ?? 'blocked');
}
