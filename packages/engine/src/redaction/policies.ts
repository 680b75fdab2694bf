import { ProcessingError } from '../errors.js';

import {
  DEFAULT_REDACTION_POLICIES,
  OPTIONAL_REDACTION_POLICIES,
  REDACTION_POLICY_NAMES,
  REDACTION_RESULTS,
  ALL_REDACTION_POLICIES,
  type RedactionPolicy,
} from '@parley/contract/core';

// The policy names and result names are the contract's; this module applies them.
export {
  ALL_REDACTION_POLICIES,
  DEFAULT_REDACTION_POLICIES,
  OPTIONAL_REDACTION_POLICIES,
  REDACTION_POLICY_NAMES,
  REDACTION_RESULTS,
  REDACTION_RESULT_NAMES,
  type RedactionPolicy,
  type RedactionPolicyName,
} from '@parley/contract/core';

/**
 * The policies a list of names asks for, with ElevateAI's three always among them. Names are
 * matched exactly (they are identifiers, like the rest of the wire format); an unknown one is an
 * error that names it and lists the known ones, since a typo would silently leave data in clear.
 */
export function resolveRedactionPolicies(names: readonly string[] | undefined): Set<RedactionPolicy> {
  const policies = new Set<RedactionPolicy>(DEFAULT_REDACTION_POLICIES);
  for (const name of names ?? []) {
    if (name === ALL_REDACTION_POLICIES) {
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
