export type JsonKind = 'chat' | 'transcript';

const CHAT_EXAMPLE = `{
  "participants": [
    { "participant_id": "agent-1", "name": "Agent", "role": "agent" },
    { "participant_id": "customer-1", "name": "Customer", "role": "customer" }
  ],
  "messages": [
    { "participant_id": "customer-1", "timestamp": "2024-03-01T10:00:00Z", "content": "..." },
    { "participant_id": "agent-1", "timestamp": "2024-03-01T10:00:20Z", "content": "..." }
  ]
}`;

interface Props {
  kind: JsonKind;
  json: string;
  /** The file the JSON was loaded from; undefined once edited by hand. */
  jsonName: string | undefined;
  onJson: (json: string, name: string | undefined) => void;
}

/** A chat or transcript as JSON: typed or pasted, or loaded from a file. */
export function JsonSourceInput({ kind, json, jsonName, onJson }: Props) {
  async function loadJsonFile(list: FileList | null) {
    const file = list?.[0];
    if (!file) return;
    onJson(await file.text(), file.name);
  }
  return (
    <>
      <label class="block" for="json">
        {kind === 'chat'
          ? 'Chat JSON — the "chat" object with participants and messages'
          : 'Transcript JSON — the phrase-by-phrase schema (allParticipants / participantOne / participantTwo)'}
      </label>
      <textarea
        id="json"
        rows={12}
        spellcheck={false}
        value={json}
        onInput={(e) => {
          onJson(e.currentTarget.value, undefined);
        }}
        placeholder={
          kind === 'chat'
            ? CHAT_EXAMPLE
            : '{ "participantOne": { "phrases": [...], "phraseSegments": [...] } }'
        }
      />
      <div class="row">
        <label class="button" for="json-file">
          Load a JSON file…
        </label>
        <input
          id="json-file"
          class="visually-hidden"
          type="file"
          accept="application/json,.json"
          onChange={(e) => void loadJsonFile(e.currentTarget.files)}
        />
        {jsonName && <span class="muted">{jsonName}</span>}
      </div>
    </>
  );
}
