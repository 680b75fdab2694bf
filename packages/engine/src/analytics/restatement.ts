/**
 * Restatement: an agent sentence that gives back, in the agent's own words, what the customer
 * just said ("So there are two payments for one purchase from last week"). A listed phrase is
 * not needed; the reading is structural:
 * - it is a statement of at least six words answering a customer turn of at least six words;
 * - it shares content with that turn: the same word stems, numbers and days, or words of the same
 *   contact-centre concept (charge/payment, parcel/order, tablets/medication…);
 * - it is framed as the customer's situation: a discourse "so"/"right"/"okay" at the start, the
 *   customer as "you/your", or a contrast or cause that restates the problem ("but", "yet",
 *   "because", "even though");
 * - it is not an offer, a request, policy boilerplate or a transfer.
 * Points add up; 0 below two points, rising to 1 at four.
 */

const STOPWORDS = new Set(
  (
    'a an the and or but so to of in on at for from by with about as is are was were be been being am do does did ' +
    'have has had i me my we our us you your he she it its they them their this that these those there here what ' +
    'which who when where why how not no yes can could will would shall should may might must just also very really ' +
    "then than too if into out up down over again still all any some one get got its it's i'm i'll i've i'd " +
    "you're you'll you've you'd we're we'll we've that's there's let let's okay ok right well now"
  ).split(' '),
);

/** Words that name the same thing in a contact-centre conversation; data, not a dictionary. */
const CONCEPTS: readonly (readonly string[])[] = [
  [
    'charge',
    'charged',
    'charges',
    'charging',
    'payment',
    'payments',
    'paid',
    'pay',
    'debit',
    'debits',
    'billed',
    'taken',
    'transaction',
  ],
  ['bill', 'bills', 'invoice', 'invoices', 'statement', 'statements', 'billing'],
  ['order', 'orders', 'ordered', 'purchase', 'purchased', 'parcel', 'package', 'delivery', 'item', 'bought'],
  ['twice', 'two', 'double', 'duplicate', 'second'],
  ['evening', 'evenings', 'night', 'nights', 'overnight', 'tonight'],
  ['morning', 'mornings', 'daytime'],
  ['drops', 'drop', 'dropped', 'cuts', 'cut', 'disconnects', 'disconnected', 'dropping', 'lost', 'outage'],
  ['connection', 'broadband', 'internet', 'wifi', 'signal', 'line'],
  ['medication', 'medicine', 'tablets', 'tablet', 'pills', 'prescription', 'prescribed', 'dose'],
  ['dizzy', 'light', 'headed', 'lightheaded', 'faint'],
  ['switch', 'switching', 'alternative', 'change', 'changing', 'different', 'swap', 'move', 'moving'],
  ['policy', 'cover', 'insurance', 'insured', 'premium'],
  ['lapsed', 'inactive', 'active', 'expired', 'ended', 'cancelled'],
  ['cheaper', 'cheap', 'lower', 'less', 'reduce', 'reduced', 'smaller'],
  ['price', 'cost', 'rate', 'tariff', 'fee', 'fees', 'amount'],
  ['higher', 'more', 'increase', 'increased', 'overcharged', 'expensive', 'extra'],
  ['address', 'property', 'house', 'home', 'flat', 'old', 'previous'],
  ['declined', 'refused', 'rejected', 'decline', 'declines', 'blocked'],
  ['abroad', 'overseas', 'trip', 'travelling', 'traveling', 'holiday', 'holidays'],
  ['university', 'uni', 'college'],
  ['driver', 'driving', 'drive', 'car'],
  ['engineer', 'technician', 'nobody', 'turned', 'came', 'visit'],
  ['short', 'fewer', 'missing', 'less'],
  ['contract', 'plan', 'deal', 'bundle'],
  ['appointment', 'booking', 'test', 'slot', 'date'],
  ['work', 'job', 'working'],
  ['fixed', 'fix', 'repair', 'repaired', 'repairs'],
  ['leak', 'leaking', 'leaks'],
  ['early', 'before', 'sooner'],
  ['overdrawn', 'overdraft'],
  ['heating', 'warm', 'cold', 'boiler', 'heat', 'radiator', 'radiators'],
  ['windscreen', 'glass', 'screen', 'window'],
  ['cracked', 'crack', 'chip', 'broken', 'broke', 'damaged'],
  ['delivered', 'arrived', 'reached', 'came', 'received'],
  ['neighbours', 'neighbour', 'next', 'door'],
  ['app', 'application'],
  ['logs', 'log', 'signs', 'sign', 'logged'],
  ['keep', 'holding', 'hold', 'same'],
];

const CONCEPT_OF = new Map<string, number>();
CONCEPTS.forEach((words, id) => {
  for (const w of words) if (!CONCEPT_OF.has(w)) CONCEPT_OF.set(w, id);
});

const OPENERS = new Set(['so', 'right', 'okay', 'ok', 'alright']);
const CONNECTIVES = new Set([
  'but',
  'yet',
  'though',
  'although',
  'because',
  'since',
  'while',
  'instead',
  'so',
  'even',
]);
const SECOND_PERSON = new Set(['you', 'your', "you're", "you've", "you'd", "you'll", 'yours']);
/** Offers, requests, transfers and boilerplate that are not a restatement even with overlap. */
const NOT_RESTATING = new Set([
  'please',
  'hold',
  'transfer',
  'offer',
  'recommend',
  'bundle',
  'deal',
  'sale',
  'tell',
]);

function keyOf(token: string): string | undefined {
  if (!/[a-z0-9]/.test(token) || STOPWORDS.has(token)) return undefined;
  const concept = CONCEPT_OF.get(token);
  if (concept !== undefined) return `#${concept}`;
  if (/^[0-9]/.test(token)) return token;
  if (token.length < 3) return undefined;
  return token.slice(0, 5);
}

function wordCount(tokens: readonly string[]): number {
  let n = 0;
  for (const t of tokens) if (/[a-z0-9]/.test(t)) n++;
  return n;
}

export interface Restatement {
  score: number;
  /** The shared content, for the evidence shown with the score. */
  shared: string[];
}

export function restatement(
  agent: readonly string[],
  customer: readonly string[],
  agentIsQuestion: boolean,
): Restatement {
  const none = { score: 0, shared: [] };
  if (agentIsQuestion || wordCount(agent) < 6 || wordCount(customer) < 6) return none;
  const customerKeys = new Map<string, string>();
  for (const t of customer) {
    const k = keyOf(t);
    if (k !== undefined && !customerKeys.has(k)) customerKeys.set(k, t);
  }
  const shared = new Set<string>();
  let points = 0;
  let framed = false;
  let offer = false;
  for (let i = 0; i < agent.length; i++) {
    const t = agent[i] ?? '';
    const k = keyOf(t);
    if (k !== undefined && customerKeys.has(k)) shared.add(t);
    if (SECOND_PERSON.has(t)) framed = true;
    if (NOT_RESTATING.has(t)) offer = true;
  }
  if (offer) return none;
  if (OPENERS.has(agent[0] ?? '')) points += 1;
  if (framed) points += 1;
  if (agent.slice(1).some((t) => CONNECTIVES.has(t))) points += 1;
  if (shared.size >= 2) points += 1;
  if (shared.size >= 3) points += 0.5;
  if (wordCount(agent) >= 10) points += 0.5;
  // Without shared content it is not a restatement of this turn, however it is framed.
  if (shared.size === 0) return none;
  return { score: Math.min(1, Math.max(0, (points - 1.5) / 2)), shared: [...shared] };
}
