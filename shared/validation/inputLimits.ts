import type { FieldProblem } from '../errors';
import { UNCLEAN_CHARACTER } from './inputRules';

/**
 * Bounds every input is checked against before anything transforms it: class-transformer walks
 * (and copies) whatever it is given, so a deeply nested or very wide body would cost CPU and
 * memory before any rule could refuse it.
 */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays; our deepest DTO is 2. */
  depth: 8,
  /** Keys of all objects together. */
  keys: 200,
  /** Elements of all arrays together. */
  arrayItems: 1_000,
  /** Characters of any one string. */
  stringLength: 10_000,
} as const;

/** How much of a user's input a message may repeat. */
export const EXCERPT_LENGTH = 40;

/** A short, cut rendering of input for a message: never more than EXCERPT_LENGTH characters. */
export function excerpt(value: unknown, max = EXCERPT_LENGTH): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  // Control characters and lone surrogates are shown escaped, never echoed raw.
  text = text.replace(
    new RegExp(UNCLEAN_CHARACTER.source, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The first bound a plain JSON value breaks, as a Spanish problem naming the field, or null.
 * Iterative (an explicit stack), so no input can overflow the call stack; stops at the first
 * breach, so its cost is bounded by the limits, not by the input.
 */
export function inputLimitProblem(value: unknown, root = '(cuerpo)'): FieldProblem | null {
  let keys = 0;
  let items = 0;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > INPUT_LIMITS.stringLength) {
        return { field: path, message: `el texto supera ${INPUT_LIMITS.stringLength} caracteres` };
      }
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= INPUT_LIMITS.depth) {
      return { field: path, message: `el JSON está anidado a más de ${INPUT_LIMITS.depth} niveles` };
    }
    if (Array.isArray(v)) {
      items += v.length;
      if (items > INPUT_LIMITS.arrayItems) {
        return { field: path, message: `las listas suman más de ${INPUT_LIMITS.arrayItems} elementos` };
      }
      v.forEach((child, i) => stack.push({ value: child, path: `${path}.${i}`, depth: depth + 1 }));
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    keys += entries.length;
    if (keys > INPUT_LIMITS.keys) {
      return { field: path, message: `el JSON tiene más de ${INPUT_LIMITS.keys} campos` };
    }
    for (const [k, child] of entries) {
      stack.push({ value: child, path: `${path}.${excerpt(k)}`, depth: depth + 1 });
    }
  }
  return null;
}
