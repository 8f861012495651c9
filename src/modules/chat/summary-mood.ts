import type { ChatMessage } from '../memory/chat-message';

/** How the summary words each emotion the sentiment analyzer reports. */
const MOOD_BY_EMOTION: Record<string, string> = {
  miedo: 'mayormente preocupado',
  incertidumbre: 'mayormente dubitativo, con dudas por resolver',
  enojo: 'mayormente molesto',
  frustracion: 'mayormente frustrado',
  euforia: 'mayormente entusiasmado',
  confianza: 'mayormente confiado',
};

/** Summed intensity below which no emotion is said to dominate a conversation. */
const MIN_TOTAL_INTENSITY = 0.3;

/**
 * The emotion that dominates the user's messages: intensities summed over the conversation, so a
 * feeling that keeps coming back outweighs a single strong word.
 */
export function dominantEmotionOf(messages: readonly ChatMessage[]): string | undefined {
  const totals = new Map<string, number>();
  for (const m of messages) {
    if (m.role !== 'user' || !m.sentiment?.emotions) continue;
    for (const [emotion, intensity] of Object.entries(m.sentiment.emotions)) {
      if (emotion in MOOD_BY_EMOTION) totals.set(emotion, (totals.get(emotion) ?? 0) + intensity);
    }
  }
  let best: string | undefined;
  let bestTotal = MIN_TOTAL_INTENSITY;
  for (const [emotion, total] of totals) {
    if (total > bestTotal) {
      best = emotion;
      bestTotal = total;
    }
  }
  return best;
}

/** The user's mood in words: from the dominant emotion, else from the average score. */
export function moodOf(messages: readonly ChatMessage[], average: number): string {
  const emotion = dominantEmotionOf(messages);
  if (emotion) return MOOD_BY_EMOTION[emotion];
  return average > 0.2
    ? 'mayormente optimista'
    : average < -0.2
      ? 'mayormente preocupado'
      : 'en general neutral';
}
