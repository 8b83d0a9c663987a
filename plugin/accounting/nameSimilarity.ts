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

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function stemsOf(text: string): string[] {
  return plain(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(stem);
}

/** The meaningful word stems of a name: "Alimentación y viáticos" → {alimentacion, viatico}. */
export function nameStems(name: string): Set<string> {
  return new Set(stemsOf(name));
}

/**
 * The main words of a name: Spanish names put their head first, so the first word of each part
 * joined by "y", "e" or a comma. "Atención a clientes" → {atencion}; "Peajes y TAG, Estacionamiento"
 * → {peaj, tag, estacionamiento}.
 */
export function mainStems(name: string): Set<string> {
  const heads = plain(name)
    .split(/,|\by\b|\be\b/)
    .map((part) => stemsOf(part)[0])
    .filter((h): h is string => h !== undefined);
  return new Set(heads);
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

/**
 * How alike a Rindegastos name is to an ERP account name, for a suggestion: the stems' Dice
 * coefficient, but 0 unless a main word of the Rindegastos name is in the account's name — so
 * "Atención a clientes" is not taken for "Clientes nacionales" (a receivable), while "Repuestos y
 * mantención" still finds "Mantención de vehículos".
 */
export function namesAlike(rindegastosName: string, accountName: string): number {
  const account = nameStems(accountName);
  if (![...mainStems(rindegastosName)].some((h) => account.has(h))) return 0;
  return nameSimilarity(rindegastosName, accountName);
}
