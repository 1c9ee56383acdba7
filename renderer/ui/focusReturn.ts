import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Where focus goes back to when a menu or dialog closes (WAI-ARIA APG, dialog pattern: "When a
 * dialog closes, focus returns to the element that invoked the dialog", and the same for menus).
 *
 * The element that opened it may be gone by then: a phrase row that was just deleted, or a search
 * result list that now has no results. A container that can stand in for its rows registers as a
 * *focus home* ({@link useFocusHome}); the nearest home that still exists then takes focus (the
 * list focuses its current row, the panel its search box), so focus never falls to <body>, where
 * the keyboard reaches nothing.
 */

/** Registered homes: the element, and how it takes focus (false when it cannot right now). */
const homes = new WeakMap<Element, () => boolean>();

/**
 * Makes `ref`'s element a focus home while mounted: `focus` moves focus somewhere inside it and
 * returns false when it cannot (an empty list), so the next home out is tried.
 */
export function useFocusHome(ref: RefObject<HTMLElement | null>, focus: () => boolean): void {
  const latest = useRef(focus);
  latest.current = focus;
  const [stable] = useState(() => () => latest.current());
  // After every render, as the element may come and go (a list drawn only when there are
  // results). Never unregistered: an effect cleanup could run just before a dialog's cleanup in the
  // same commit and leave that dialog nowhere to return to; a removed element fails `isConnected`
  // and its entry goes with it (WeakMap).
  useEffect(() => {
    const el = ref.current;
    if (el && homes.get(el) !== stable) homes.set(el, stable);
  });
}

/**
 * Remembers the focused element (and the homes around it) now, before a menu or dialog takes
 * focus; the returned function puts focus back there — or, if that element has left the document
 * or cannot take focus, into the nearest home that still exists.
 */
export function captureFocus(): () => void {
  const active = document.activeElement;
  const previous = active instanceof HTMLElement && active !== document.body ? active : null;
  const chain: Element[] = [];
  for (let el = previous?.parentElement; el; el = el.parentElement) if (homes.has(el)) chain.push(el);
  return () => {
    if (previous?.isConnected) {
      previous.focus();
      if (document.activeElement === previous) return;
    }
    for (const home of chain) if (home.isConnected && homes.get(home)?.()) return;
  };
}
