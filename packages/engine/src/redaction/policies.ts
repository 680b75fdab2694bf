import { ProcessingError } from '../errors.js';

/**
 * Redaction policies: which kinds of personal data a conversation is redacted for. ElevateAI
 * redacts card numbers, security codes and social security numbers, always; the other kinds are
 * opt-in, named per interaction (`redactionPolicies` at declare) or as a server default.
 */

/** ElevateAI's three: always applied, whatever else is asked for. */
export const DEFAULT_REDACTION_POLICIES = ['creditCard', 'cvv', 'socialSecurity'] as const;

/** The opt-in policies, in the order documentation lists them. */
export const OPTIONAL_REDACTION_POLICIES = [
  'email',
  'phone',
  'bankAccount',
  'sortCode',
  'iban',
  'postalAddress',
  'dateOfBirth',
  'passport',
  'drivingLicence',
  'personName',
] as const;

export type RedactionPolicy =
  (typeof DEFAULT_REDACTION_POLICIES)[number] | (typeof OPTIONAL_REDACTION_POLICIES)[number];

/** Every name a client may send: each policy, and `all` for every one of them. */
export const REDACTION_POLICY_NAMES: readonly string[] = [
  ...DEFAULT_REDACTION_POLICIES,
  ...OPTIONAL_REDACTION_POLICIES,
  'all',
];

/** The `result` each policy's spans carry in `redactionSegments`. */
export const REDACTION_RESULTS = {
  creditCard: 'Credit Card',
  cvv: 'CVV',
  socialSecurity: 'Social Security',
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
} as const satisfies Record<RedactionPolicy, string>;

/** Every result name a redaction segment may carry, ElevateAI's three first. */
export const REDACTION_RESULT_NAMES = Object.values(REDACTION_RESULTS);

/**
 * The policies a list of names asks for, with ElevateAI's three always among them. Names are
 * matched exactly (they are identifiers, like the rest of the wire format); an unknown one is an
 * error that names it and lists the known ones, since a typo would silently leave data in clear.
 */
export function resolveRedactionPolicies(names: readonly string[] | undefined): Set<RedactionPolicy> {
  const policies = new Set<RedactionPolicy>(DEFAULT_REDACTION_POLICIES);
  for (const name of names ?? []) {
    if (name === 'all') {
      for (const policy of OPTIONAL_REDACTION_POLICIES) policies.add(policy);
    } else if (isRedactionPolicy(name)) {
      policies.add(name);
    } else {
      throw new ProcessingError(
        'redaction_policy_unknown',
        `unknown redaction policy ${JSON.stringify(name.slice(0, 60))}; use any of ${REDACTION_POLICY_NAMES.map((n) => `"${n}"`).join(', ')}`,
      );
    }
  }
  return policies;
}

export function isRedactionPolicy(name: string): name is RedactionPolicy {
  return Object.hasOwn(REDACTION_RESULTS, name);
}
