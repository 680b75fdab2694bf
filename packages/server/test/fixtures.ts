import type { NewInteraction } from '../src/store/types.js';

/** A declared interaction with every optional parameter unset, for unit tests of the store's users. */
export function newInteraction(
  overrides: Partial<NewInteraction> & Pick<NewInteraction, 'id'>,
): NewInteraction {
  return {
    tenantId: 't',
    type: 'audio',
    languageTag: 'en-us',
    vertical: 'default',
    includeAiResults: false,
    audioTranscriptionMode: null,
    downloadUri: null,
    originalFilename: null,
    externalIdentifier: null,
    model: null,
    agentChannel: null,
    metadata: null,
    sourceBlobKey: null,
    declared: new Date().toISOString(),
    ...overrides,
  };
}
