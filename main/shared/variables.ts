/**
 * Reply variables (docs/chat-window.md "Variables"): `{buyer}` (the buyer's nickname), `{agent}`
 * (the agent's nickname), `{shop}` (the shop's name), `{date}` (YYYY-MM-DD) and `{time}` (HH:mm),
 * the last two in the agent's time zone. Quick phrases and auto-replies carry them as written; the
 * text is filled when it is sent. A variable with no value yet (no shop name set) is never sent as
 * `{shop}`: the caller refuses to send and shows the gap (see {@link fillVariables}).
 *
 * Dependency-free so the renderer (the composer's preview and send) and main (the auto-replies of
 * the next release) fill text with the very same rule.
 */

/** The variable names, as written between braces. */
export const VARIABLE_NAMES = ['buyer', 'agent', 'shop', 'date', 'time'] as const;

/** One variable's name. */
export type VariableName = (typeof VARIABLE_NAMES)[number];

/** The values to fill; an empty string or null means "no value yet" (a gap). */
export type VariableValues = Record<VariableName, string | null>;

/** A piece of text: literal text, or a variable with its value (null when it has none). */
export type VariableSegment = { kind: 'text'; text: string } | { kind: 'variable'; name: VariableName; value: string | null };

const PATTERN = /\{(buyer|agent|shop|date|time)\}/g;

/**
 * Splits `text` into literal runs and the known variables in it, each with its value (null when
 * the value is missing or blank). Braces around anything else (`{size}`, `{}`) stay literal text.
 */
export function variableSegments(text: string, values: VariableValues): VariableSegment[] {
  const out: VariableSegment[] = [];
  let at = 0;
  for (const m of text.matchAll(PATTERN)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    const name = m[1] as VariableName;
    const v = values[name];
    out.push({ kind: 'variable', name, value: v === null || v.trim() === '' ? null : v });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

/**
 * `text` with every known variable replaced by its value. `missing` lists (once each, in order of
 * first use) the variables that have no value; when it is not empty, `text` must not be sent —
 * the gaps are left as written so nothing is lost while the agent fills them in.
 */
export function fillVariables(text: string, values: VariableValues): { text: string; missing: VariableName[] } {
  const missing: VariableName[] = [];
  let out = '';
  for (const s of variableSegments(text, values)) {
    if (s.kind === 'text') out += s.text;
    else if (s.value === null) {
      if (!missing.includes(s.name)) missing.push(s.name);
      out += `{${s.name}}`;
    } else out += s.value;
  }
  return { text: out, missing };
}

/** True when `text` holds at least one known variable. */
export function hasVariables(text: string): boolean {
  return text.includes('{') && /\{(buyer|agent|shop|date|time)\}/.test(text);
}
