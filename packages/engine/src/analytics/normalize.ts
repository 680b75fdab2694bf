/**
 * The text normaliser the fastText sentiment and emotion models were trained with
 * (shared/models/sentiment-fasttext-en/README.md). Any difference here silently degrades every
 * prediction, so cue phrases are matched against the same normalised form.
 */
export function normalizeText(text: string): string {
  const lowered = text
    .replace(/[\u2019\u2018`]/g, "'")
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' url ')
    .replace(/@\w+/g, ' @user ')
    .replace(/ n't\b/g, "n't")
    .replace(/ '(s|re|ve|ll|d|m)\b/g, "'$1");
  return (lowered.match(/[a-z0-9]+(?:'[a-z]+)*|[^\sa-z0-9]/gu) ?? []).join(' ');
}
