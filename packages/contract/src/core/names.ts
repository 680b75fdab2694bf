/** The three kinds of interaction a client may declare. */
export const INTERACTION_TYPES = ['audio', 'chat', 'transcript'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** The two sides of a conversation, as ElevateAI names them. */
export const PARTICIPANT_KEYS = ['participantOne', 'participantTwo'] as const;
export type ParticipantKey = (typeof PARTICIPANT_KEYS)[number];

/** A participant, or everyone. Mono audio without diarization belongs to `allParticipants`. */
export const PARTICIPANT_SCOPES = ['allParticipants', ...PARTICIPANT_KEYS] as const;
export type ParticipantScope = (typeof PARTICIPANT_SCOPES)[number];

/** Largest page GET /v1/interactions returns, and the page size when none is asked for. */
export const MAX_LIST_LIMIT = 500;
export const DEFAULT_LIST_LIMIT = 50;

/**
 * Redaction policies: which kinds of personal data a conversation is redacted for. ElevateAI
 * redacts card numbers, security codes and social security numbers, always; the other kinds are
 * opt-in, named per interaction (`redactionPolicies` at declare) or as a server default. Each
 * maps to the `result` its spans carry in `redactionSegments`, ElevateAI's three first.
 */
const ALWAYS_REDACTED = {
  creditCard: 'Credit Card',
  cvv: 'CVV',
  socialSecurity: 'Social Security',
} as const;

const OPT_IN_REDACTED = {
  email: 'Email',
  phone: 'Phone Number',
  bankAccount: 'Bank Account',
  sortCode: 'Sort Code',
  iban: 'IBAN',
  postalAddress: 'Postal Address',
  dateOfBirth: 'Date of Birth',
  passport: 'Passport Number',
  drivingLicence: 'Driving Licence',
  personName: 'Person Name',
} as const;

export const REDACTION_RESULTS = { ...ALWAYS_REDACTED, ...OPT_IN_REDACTED } as const;

export type RedactionPolicy = keyof typeof REDACTION_RESULTS;

/** The result names of redacted spans. */
export type RedactionKind = (typeof REDACTION_RESULTS)[RedactionPolicy];

/** ElevateAI's three: always applied, whatever else is asked for. */
export const DEFAULT_REDACTION_POLICIES = Object.keys(
  ALWAYS_REDACTED,
) as readonly (keyof typeof ALWAYS_REDACTED)[];

/** The opt-in policies, in the order documentation lists them. */
export const OPTIONAL_REDACTION_POLICIES = Object.keys(
  OPT_IN_REDACTED,
) as readonly (keyof typeof OPT_IN_REDACTED)[];

/** The name that asks for every policy. */
export const ALL_REDACTION_POLICIES = 'all';

/** Every name a client may send: each policy, and `all` for every one of them. */
export type RedactionPolicyName = RedactionPolicy | typeof ALL_REDACTION_POLICIES;
export const REDACTION_POLICY_NAMES: readonly RedactionPolicyName[] = [
  ...DEFAULT_REDACTION_POLICIES,
  ...OPTIONAL_REDACTION_POLICIES,
  ALL_REDACTION_POLICIES,
];

/** Every result name a redaction segment may carry, ElevateAI's three first. */
export const REDACTION_RESULT_NAMES: readonly RedactionKind[] = Object.values(REDACTION_RESULTS);

/** The redaction results a third-party transcript may arrive with: ElevateAI's three. */
export const GIVEN_REDACTION_RESULTS: readonly RedactionKind[] = Object.values(ALWAYS_REDACTED);

export function isRedactionPolicyName(name: string): name is RedactionPolicyName {
  return (REDACTION_POLICY_NAMES as readonly string[]).includes(name);
}
