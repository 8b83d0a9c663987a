/**
 * How alike two account or category names are, for mapping suggestions: a token-overlap rule,
 * accent- and case-insensitive, small on purpose (names are a few words; the rule must be easy to
 * explain to the accountant who sees "nombre parecido").
 */

/** Spanish words that carry no meaning in an account name. */
const STOPWORDS = new Set([
  'a',
  'al',
  'con',
  'de',
  'del',
  'e',
  'el',
  'en',
  'la',
  'las',
  'los',
  'o',
  'para',
  'por',
  'sin',
  'u',
  'y',
]);

/** "Combustibles" and "combustible", "Viáticos" and "viatico" give the same stem. */
function stem(word: string): string {
  let w = word;
  if (w.length > 3 && w.endsWith('s')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The meaningful word stems of a name: "Alimentación y viáticos" → {alimentacion, viatico}. */
export function nameStems(name: string): Set<string> {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
  return new Set(words.map(stem));
}

/**
 * Dice coefficient of the two names' stems, 0 … 1: "Combustible" vs "Combustibles" 1,
 * "Alimentación" vs "Alimentación y viáticos" 0.67, "Taxi" vs "Combustibles" 0.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = nameStems(a);
  const y = nameStems(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const s of x) if (y.has(s)) shared++;
  return (2 * shared) / (x.size + y.size);
}
